namespace DaprPredictor.Dapr.Bindings;

/// <summary>An output binding call failed in the sidecar, the component or the system behind it. Retrying may help.</summary>
public sealed class BindingFailedException(string bindingName, string message, Exception innerException) : Exception(message, innerException)
{
    public string BindingName { get; } = bindingName;
}
