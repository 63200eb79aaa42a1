// Overrides must match the SDK's signatures exactly, including its nullability, so this file opts out of annotations.
#nullable disable

using Dapr;

namespace DaprPredictor.Testing;

/// <summary>What a sidecar failure looks like to the app.</summary>
public static class SidecarFailures
{
    public static DaprException Unavailable(string operation) =>
        new($"{operation} failed: the Dapr endpoint indicated a failure. See InnerException for details.", new IOException("connection refused"));
}
