using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DaprPredictor.FakeDaprd.PubSub;

/// <summary>
/// The CloudEvent daprd puts on the broker when an app publishes (dapr/dapr v1.18 pkg/api/grpc/grpc.go PublishEvent →
/// pkg/runtime/pubsub/cloudevents.go NewCloudEvent → components-contrib pubsub/envelope.go NewCloudEventsEnvelope,
/// then <c>json.Marshal</c> of the map, keys sorted). Members: <c>id</c> (a new UUID), <c>source</c> (the publisher's app
/// id), <c>type</c> (<c>com.dapr.event.sent</c>), <c>specversion</c> 1.0, <c>datacontenttype</c> (the request's, default
/// <c>text/plain</c>), <c>data</c> (JSON re-marshalled by Go when the content type is application/json, base64 in
/// <c>data_base64</c> for application/octet-stream, otherwise the text as a string), <c>topic</c>, <c>pubsubname</c>,
/// <c>traceid</c> and <c>traceparent</c> (both the W3C traceparent of daprd's span for the publish call),
/// <c>tracestate</c>, <c>time</c> (RFC 3339, whole seconds). Request metadata <c>cloudevent.id</c>, <c>.source</c>,
/// <c>.type</c>, <c>.subject</c>, <c>.traceid</c>, <c>.traceparent</c>, <c>.tracestate</c> override their member
/// (matched case-insensitively, as mapstructure.WeakDecode does); <c>ttlInSeconds</c> adds <c>expiration</c>
/// (pubsub.ApplyMetadata: Dapr applies the TTL itself for brokers without native message TTL, such as Kafka). A request
/// whose content type is application/cloudevents+json is the app's own CloudEvent (envelope.go FromCloudEvent): it gets
/// <c>topic</c> and <c>pubsubname</c>, and <c>time</c>, trace members, <c>source</c>, <c>type</c>, <c>specversion</c>
/// only where missing.
/// </summary>
internal static class CloudEventEnvelope
{
    public const string ContentType = "application/cloudevents+json";
    public const string DefaultType = "com.dapr.event.sent";

    /// <summary>The envelope's bytes, or null when the request claims to be a CloudEvent but is not JSON (daprd: DAPR_PUBSUB_CLOUD_EVENT_CREATION).</summary>
    public static byte[]? Build(
        string source,
        string pubsub,
        string topic,
        ReadOnlySpan<byte> data,
        string dataContentType,
        IReadOnlyDictionary<string, string> metadata,
        TraceContext trace,
        DateTimeOffset now,
        out string? error)
    {
        error = null;
        var members = new SortedDictionary<string, Action<ArrayBufferWriter<byte>>>(StringComparer.Ordinal);
        var traceParent = trace.TraceParent;
        var traceState = trace.TraceState;

        if (IsContentType(dataContentType, ContentType))
        {
            if (!GoJson.TryParse(data, out var cloudEvent) || cloudEvent.ValueKind != JsonValueKind.Object)
            {
                error = cloudEvent.ValueKind == JsonValueKind.Undefined ? "invalid character in the CloudEvent" : $"json: cannot unmarshal {cloudEvent.ValueKind.ToString().ToLowerInvariant()} into Go value of type map[string]interface {{}}";
                return null;
            }

            foreach (var member in cloudEvent.EnumerateObject())
            {
                var value = member.Value;
                members[member.Name] = w => GoJson.Write(w, value, GoJson.Numbers.Verbatim);
            }

            AddIfMissing(members, "time", Rfc3339Seconds(now));
            if (!members.ContainsKey("traceid"))
            {
                members["traceid"] = String(traceParent);
                members["traceparent"] = String(traceParent);
            }

            AddIfMissing(members, "tracestate", traceState);
            members["topic"] = String(topic);
            members["pubsubname"] = String(pubsub);
            AddIfMissing(members, "source", "Dapr");
            AddIfMissing(members, "type", DefaultType);
            AddIfMissing(members, "specversion", "1.0");
            return Serialize(members);
        }

        string? id = null, subject = null, type = null, overriddenTraceId = null, overriddenTraceParent = null;
        foreach (var (key, value) in metadata)
        {
            switch (key.ToLowerInvariant())
            {
                case "cloudevent.id": id = value; break;
                case "cloudevent.source": source = value; break;
                case "cloudevent.type": type = value; break;
                case "cloudevent.subject": subject = value; break;
                case "cloudevent.traceid": overriddenTraceId = value; break;
                case "cloudevent.traceparent": overriddenTraceParent = value; break;
                case "cloudevent.tracestate": traceState = value; break;
            }
        }

        // cloudevents.go: a traceparent override wins, then a traceid override, then daprd's own span.
        traceParent = NonEmpty(overriddenTraceParent) ?? overriddenTraceId ?? traceParent;
        if (dataContentType.Length == 0) dataContentType = "text/plain";

        members["id"] = String(NonEmpty(id) ?? Guid.NewGuid().ToString());
        members["specversion"] = String("1.0");
        members["datacontenttype"] = String(dataContentType);
        members["source"] = String(NonEmpty(source) ?? "Dapr");
        members["type"] = String(NonEmpty(type) ?? DefaultType);
        members["topic"] = String(topic);
        members["pubsubname"] = String(pubsub);
        members["traceid"] = String(traceParent);
        members["traceparent"] = String(traceParent);
        members["tracestate"] = String(traceState);
        members["time"] = String(Rfc3339Seconds(now));
        if (NonEmpty(subject) is { } s) members["subject"] = String(s);

        if (IsContentType(dataContentType, "application/json") && GoJson.TryParse(data, out var json))
        {
            members["data"] = w => GoJson.Write(w, json, GoJson.Numbers.Verbatim);
        }
        else if (IsContentType(dataContentType, "application/octet-stream"))
        {
            var base64 = Convert.ToBase64String(data);
            members["data_base64"] = String(base64);
        }
        else
        {
            // Invalid JSON under application/json, and any other type: the bytes as a string (Go replaces invalid UTF-8).
            var text = Encoding.UTF8.GetString(data);
            members["data"] = String(text);
        }

        if (metadata.TryGetValue("ttlInSeconds", out var ttl) && long.TryParse(ttl, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            members["expiration"] = String(Rfc3339Seconds(now.AddSeconds(seconds)));
        }

        return Serialize(members);
    }

    /// <summary>components-contrib contenttype.isContentType: equal, or equal up to a ';', ignoring case.</summary>
    public static bool IsContentType(string contentType, string expected)
    {
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var bare = semicolon < 0 ? contentType : contentType[..semicolon];
        return string.Equals(bare, expected, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Go's time.RFC3339 layout on a UTC clock: whole seconds and "Z".</summary>
    public static string Rfc3339Seconds(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void AddIfMissing(SortedDictionary<string, Action<ArrayBufferWriter<byte>>> members, string name, string value)
    {
        if (!members.ContainsKey(name)) members[name] = String(value);
    }

    private static Action<ArrayBufferWriter<byte>> String(string value) => w => GoJson.WriteString(w, value);

    private static byte[] Serialize(SortedDictionary<string, Action<ArrayBufferWriter<byte>>> members)
    {
        var output = new ArrayBufferWriter<byte>(512);
        output.Write("{"u8);
        var first = true;
        foreach (var (name, write) in members)
        {
            if (!first) output.Write(","u8);
            first = false;
            GoJson.WriteString(output, name);
            output.Write(":"u8);
            write(output);
        }

        output.Write("}"u8);
        return output.WrittenSpan.ToArray();
    }
}

/// <summary>
/// W3C trace context as daprd propagates it with tracing on (samplingRate "1" in components/config.yaml): each daprd
/// span continues the caller's trace (its <c>traceparent</c>) with a span id of its own, or starts a trace.
/// </summary>
internal readonly record struct TraceContext(string TraceId, string SpanId, string Flags, string TraceState)
{
    public string TraceParent => $"00-{TraceId}-{SpanId}-{Flags}";

    /// <summary>A child span of <paramref name="traceParent"/> (a new trace, sampled, when it is missing or malformed).</summary>
    public static TraceContext ChildOf(string? traceParent, string? traceState)
    {
        var parts = traceParent?.Split('-');
        var valid = parts is { Length: >= 4 } && parts[0].Length == 2 && parts[1].Length == 32 && parts[2].Length == 16 && parts[3].Length == 2
            && parts[1].All(char.IsAsciiHexDigitLower) && parts[1] != new string('0', 32);
        return valid
            ? new TraceContext(parts![1], NewId(8), parts[3], traceState ?? "")
            : new TraceContext(NewId(16), NewId(8), "01", "");
    }

    private static string NewId(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
