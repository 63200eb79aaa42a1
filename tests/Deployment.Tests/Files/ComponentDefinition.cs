namespace DaprPredictor.Deployment.Tests.Files;

/// <summary>A Dapr Component as a sidecar sees it: name, type, who loads it, its metadata and the secret store it resolves from.</summary>
public sealed record ComponentDefinition(string File, string Name, string Type, IReadOnlyList<string> Scopes, IReadOnlyList<MetadataItem> Metadata, string? SecretStore)
{
    public string? Value(string name) => Metadata.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    public const string KubernetesStore = "kubernetes";

    public bool IsSecretStore => Type.StartsWith("secretstores.", StringComparison.Ordinal);

    public override string ToString() => $"{Name} ({Type}) in {File}";

    public static ComponentDefinition From(Manifest doc) => new(
        doc.File,
        doc.Name ?? string.Empty,
        doc.Root.Str("spec", "type") ?? string.Empty,
        doc.Root.Strings("scopes"),
        [.. doc.Root.Items("spec", "metadata").Select(m => new MetadataItem(
            m.Str("name") ?? string.Empty,
            m.Str("value"),
            m.Str("secretKeyRef", "name"),
            m.Str("secretKeyRef", "key")))],
        doc.Root.Str("auth", "secretStore"));
}
