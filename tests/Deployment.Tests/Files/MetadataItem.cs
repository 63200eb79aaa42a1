namespace DaprPredictor.Deployment.Tests.Files;

public sealed record MetadataItem(string Name, string? Value, string? SecretName, string? SecretKey)
{
    public bool IsSecretReference => SecretName is not null;
}
