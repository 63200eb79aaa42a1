using System.Text;

namespace DaprPredictor.FakeDaprd;

/// <summary>
/// A message as the sidecar received it from the app (before daprd wraps it in a CloudEvent for the broker): the
/// bytes, the content type and the request metadata (for a bulk entry, the request's metadata under the entry's own).
/// </summary>
public sealed record PublishedMessage(string PubSub, string Topic, byte[] Data, string ContentType, IReadOnlyDictionary<string, string> Metadata, bool Bulk = false)
{
    public string Json => Encoding.UTF8.GetString(Data);
}
