using System.Globalization;

namespace DaprPredictor.FakeDaprd.PubSub;

/// <summary>A message in a partition of a topic: the bytes daprd published (a CloudEvent), its headers and its key.</summary>
internal sealed record BrokerRecord(string PubSub, string Topic, int Partition, long Offset, string? Key, byte[] Data, IReadOnlyDictionary<string, string> Headers, DateTimeOffset Timestamp)
{
    /// <summary>
    /// The metadata daprd gets with the message from the Kafka component (common/component/kafka/consumer.go
    /// GetEventMetadata): <c>__key</c>, <c>__offset</c>, <c>__topic</c>, <c>__timestamp</c> (Unix ms), <c>__partition</c>,
    /// then every header (the publish request's metadata), which overrides a member of the same name.
    /// </summary>
    public Dictionary<string, string> EventMetadata()
    {
        var metadata = new Dictionary<string, string>(Headers.Count + 5, StringComparer.Ordinal);
        if (Key is not null) metadata["__key"] = Key;
        metadata["__offset"] = Offset.ToString(CultureInfo.InvariantCulture);
        metadata["__topic"] = Topic;
        metadata["__timestamp"] = Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        metadata["__partition"] = Partition.ToString(CultureInfo.InvariantCulture);
        foreach (var (name, value) in Headers) metadata[name] = value;
        return metadata;
    }
}
