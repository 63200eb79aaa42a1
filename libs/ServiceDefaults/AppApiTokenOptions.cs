namespace DaprPredictor.ServiceDefaults;

/// <summary>
/// The token a Dapr sidecar started with <c>APP_API_TOKEN</c> sends on every call to its app (header
/// <c>dapr-api-token</c>). Section <c>Dapr:AppApiToken</c>, else the <c>APP_API_TOKEN</c> variable; unset, nothing is checked.
/// </summary>
public sealed class AppApiTokenOptions
{
    public const string Key = "Dapr:AppApiToken";
    public const string EnvironmentVariable = "APP_API_TOKEN";

    public string? Token { get; set; }
}
