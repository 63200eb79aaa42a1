// Overrides must match the SDK's signatures exactly, including its nullability, so this file opts out of annotations.
#nullable disable

using System.Text;

namespace DaprPredictor.Testing;

/// <summary>A message as the fake sidecar received it from the app.</summary>
public sealed record PublishedMessage(string PubSub, string Topic, byte[] Data, string ContentType, IReadOnlyDictionary<string, string> Metadata)
{
    public string Json => Encoding.UTF8.GetString(Data);
}
