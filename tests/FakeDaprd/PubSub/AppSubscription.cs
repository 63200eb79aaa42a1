using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DaprPredictor.FakeDaprd.PubSub;

/// <summary>
/// One subscription of a sidecar's app, delivering what the broker hands over as daprd delivers to an HTTP app
/// (dapr/dapr v1.18; the same in 1.14–1.18 for everything reproduced here):
/// <list type="bullet">
/// <item>pkg/runtime/subscription/subscription.go: the message is read as a CloudEvent (unreadable → dead-letter topic,
/// or handed back), an expired one is dropped (and dead-lettered), then delivered under the inbound resiliency policy;
/// a delivery the app did not acknowledge is retried, and once the retries are spent the message goes to the
/// subscription's <c>deadLetterTopic</c> and is acknowledged, or, with none (or if that publish fails), is handed
/// back to the component.</item>
/// <item>pkg/runtime/subscription/postman/http/http.go Deliver: POST of the CloudEvent bytes to the route as
/// <c>application/cloudevents+json</c>, the message metadata as headers, and the app's answer: 2xx with no body, a body
/// that is not a JSON object of the right shape, <c>{"status":""}</c> or SUCCESS → acknowledged; RETRY or an unknown
/// status → retry; DROP → dropped (dead-lettered); 404 → dropped (dead-lettered); any other status, or no answer →
/// retry.</item>
/// <item>pkg/channel/http/http_channel.go constructRequest: the <c>traceparent</c> header of daprd's delivery span, a
/// child of the CloudEvent's <c>traceparent</c>; <c>dapr-api-token</c> when the app has APP_API_TOKEN.</item>
/// <item>Bulk (bulksubscription.go, bulkresiliency.go, postman DeliverBulk): one POST of the BulkSubscribe envelope as
/// application/json; each entry answered by <c>statuses[].status</c> (SUCCESS; DROP → dead-lettered; RETRY, empty,
/// unknown or missing → retried, only the failed entries); 404 drops the whole batch without dead-lettering; any other
/// non-2xx, or a body that does not decode, retries every entry; entries still failing after the retries go to the
/// dead-letter topic, else the batch is handed back.</item>
/// </list>
/// </summary>
internal sealed class AppSubscription(Daprd daprd, AppChannel app, Subscription subscription) : IBrokerConsumer
{
    private static readonly HashSet<string> SkippedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        // messaging/v1/util.go InternalMetadataToHTTPHeader: trace headers are set from the span, these never forwarded.
        "traceparent", "tracestate", "grpc-trace-bin", "dapr-app-id", "content-type", "content-length",
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
    };

    private long _received, _deliveries, _succeeded, _retries, _dropped, _deadLettered, _handedBack;

    public Subscription Subscription => subscription;

    public ConsumerGroup? Group { get; set; }

    public SubscriptionStats Stats() => new(
        daprd.Options.AppId,
        subscription.PubSubName,
        subscription.Topic,
        subscription.Route,
        subscription.BulkSubscribe is not null,
        Interlocked.Read(ref _received),
        Interlocked.Read(ref _deliveries),
        Interlocked.Read(ref _succeeded),
        Interlocked.Read(ref _retries),
        Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _deadLettered),
        Interlocked.Read(ref _handedBack),
        Group?.ComponentRetries ?? 0,
        Group?.Backlog ?? 0);

    public async Task<bool> ConsumeAsync(BrokerRecord record, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _received);
        var metadata = record.EventMetadata();
        metadata["pubsubName"] = subscription.PubSubName;
        if (!GoJson.TryParse(record.Data, out var cloudEvent) || cloudEvent.ValueKind != JsonValueKind.Object)
        {
            return DeadLetterOrHandBack(record.Data, metadata);
        }

        if (Expired(cloudEvent))
        {
            if (subscription.DeadLetterTopic is { } expiredTo) _ = TryForward(expiredTo, record.Data, metadata);
            Interlocked.Increment(ref _dropped);
            return true;
        }

        var trace = TraceOf(cloudEvent);
        var policy = daprd.Options.InboundRetry;
        for (var attempt = 0; ; attempt++)
        {
            var fate = await DeliverAsync(record.Data, metadata, trace, policy.Timeout, cancellationToken);
            if (fate == Fate.Success)
            {
                Interlocked.Increment(ref _succeeded);
                return true;
            }

            if (fate == Fate.Drop && subscription.DeadLetterTopic is null)
            {
                Interlocked.Increment(ref _dropped);
                return true;
            }

            if (fate == Fate.Drop && TryForward(subscription.DeadLetterTopic!, record.Data, metadata))
            {
                Interlocked.Increment(ref _deadLettered);
                return true;
            }

            // Not settled: a retry, or a drop whose forward failed (the policy runner sees the drop's error and retries).
            Interlocked.Increment(ref _retries);
            if (attempt >= policy.MaxRetries) return DeadLetterOrHandBack(record.Data, metadata);
            await Task.Delay(policy.Interval(attempt + 1), daprd.Clock, cancellationToken);
        }
    }

    public async Task<bool> ConsumeBatchAsync(IReadOnlyList<BrokerRecord> batch, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _received, batch.Count);
        // Kafka's native bulk subscribe numbers the entries of a batch "0", "1", … (consumer.go doBulkCallback).
        var entries = batch.Select((record, i) => new BulkEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), record, record.EventMetadata())).ToArray();
        var failed = new HashSet<BulkEntry>();
        var pending = new List<(BulkEntry Entry, JsonElement CloudEvent)>();
        foreach (var entry in entries)
        {
            if (!GoJson.TryParse(entry.Record.Data, out var cloudEvent) || cloudEvent.ValueKind != JsonValueKind.Object)
            {
                failed.Add(entry);
            }
            else if (Expired(cloudEvent))
            {
                if (subscription.DeadLetterTopic is { } to) _ = TryForward(to, entry.Record.Data, entry.Metadata);
                Interlocked.Increment(ref _dropped);
            }
            else
            {
                pending.Add((entry, cloudEvent));
            }
        }

        var policy = daprd.Options.InboundRetry;
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            var answers = await DeliverBatchAsync(pending, policy.Timeout, cancellationToken);
            var retry = new List<(BulkEntry, JsonElement)>();
            foreach (var item in pending)
            {
                switch (answers.GetValueOrDefault(item.Entry.EntryId, Fate.Retry))
                {
                    case Fate.Success:
                        Interlocked.Increment(ref _succeeded);
                        break;
                    case Fate.Drop:
                        Interlocked.Increment(ref _dropped);
                        break;
                    case Fate.DropToDeadLetter:
                        if (subscription.DeadLetterTopic is { } to && TryForward(to, item.Entry.Record.Data, item.Entry.Metadata)) Interlocked.Increment(ref _deadLettered);
                        else Interlocked.Increment(ref _dropped); // the entry is acknowledged even when the forward failed
                        break;
                    default:
                        Interlocked.Increment(ref _retries);
                        retry.Add(item);
                        break;
                }
            }

            pending = retry;
            if (pending.Count == 0) break;
            if (attempt >= policy.MaxRetries)
            {
                foreach (var (entry, _) in pending) failed.Add(entry);
                break;
            }

            await Task.Delay(policy.Interval(attempt + 1), daprd.Clock, cancellationToken);
        }

        if (failed.Count == 0) return true;
        // sendBulkToDLQIfConfigured: the failed entries go to the dead-letter topic as one bulk publish; if that fails,
        // or there is none, the whole batch goes back to the component.
        if (subscription.DeadLetterTopic is { } deadLetterTopic && CanPublish(deadLetterTopic))
        {
            // The bulk publish carries the batch's metadata (pubsubName) over each entry's, as the Kafka component merges them.
            foreach (var entry in failed) Forward(deadLetterTopic, entry.Record.Data, new Dictionary<string, string>(entry.Metadata) { ["pubsubName"] = subscription.PubSubName });
            Interlocked.Add(ref _deadLettered, failed.Count);
            return true;
        }

        Interlocked.Add(ref _handedBack, batch.Count);
        return false;
    }

    private async Task<Fate> DeliverAsync(byte[] body, Dictionary<string, string> metadata, ParentTrace trace, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        daprd.Count("Deliver");
        Interlocked.Increment(ref _deliveries);
        using var request = Request(body, CloudEventEnvelope.ContentType, metadata, trace);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t) deadline.CancelAfter(t);
        try
        {
            using var response = await app.Client.SendAsync(request, deadline.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and <= 299) return StatusOf(await response.Content.ReadAsByteArrayAsync(deadline.Token));
            return status == 404 ? Fate.Drop : Fate.Retry;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Fate.Retry; // "error returned from app channel": retriable
        }
    }

    private async Task<Dictionary<string, Fate>> DeliverBatchAsync(List<(BulkEntry Entry, JsonElement CloudEvent)> pending, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        daprd.Count("DeliverBulk");
        Interlocked.Increment(ref _deliveries);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["pubsubName"] = subscription.PubSubName };
        using var request = Request(BulkEnvelope(pending, metadata), "application/json", metadata, TraceOf(pending[^1].CloudEvent));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t) deadline.CancelAfter(t);
        var all = (Fate fate) => pending.ToDictionary(p => p.Entry.EntryId, _ => fate, StringComparer.Ordinal);
        try
        {
            using var response = await app.Client.SendAsync(request, deadline.Token);
            var status = (int)response.StatusCode;
            if (status == 404) return all(Fate.Drop); // dropped whole, not dead-lettered
            if (status is < 200 or > 299) return all(Fate.Retry);
            return BulkStatusesOf(await response.Content.ReadAsByteArrayAsync(deadline.Token)) ?? all(Fate.Retry);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return all(Fate.Retry);
        }
    }

    private HttpRequestMessage Request(byte[] body, string contentType, Dictionary<string, string> metadata, ParentTrace trace)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(app.BaseAddress, subscription.Route.StartsWith('/') ? subscription.Route : "/" + subscription.Route))
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version11,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in metadata)
        {
            if (SkippedHeaders.Contains(name) || name.EndsWith("-bin", StringComparison.OrdinalIgnoreCase)) continue;
            request.Headers.TryAddWithoutValidation(CanonicalHeaderKey(name), value);
        }

        var child = TraceContext.ChildOf(trace.TraceParent, trace.TraceState);
        request.Headers.TryAddWithoutValidation("traceparent", child.TraceParent);
        if (child.TraceState.Length > 0) request.Headers.TryAddWithoutValidation("tracestate", child.TraceState);
        if (app.AppApiToken is { } token) request.Headers.TryAddWithoutValidation("dapr-api-token", token);
        return request;
    }

    /// <summary>
    /// bulksubscribe_events.go NewBulkSubscribeEnvelope, marshalled by Go: <c>entries</c> (entryId, event: the CloudEvent
    /// as <c>json.Unmarshal</c> read it, numbers as float64; metadata; contentType), <c>id</c>, <c>metadata</c>,
    /// <c>pubsubname</c>, <c>topic</c>, <c>type</c> <c>com.dapr.event.sent.bulk</c>.
    /// </summary>
    private byte[] BulkEnvelope(List<(BulkEntry Entry, JsonElement CloudEvent)> pending, Dictionary<string, string> metadata)
    {
        var output = new ArrayBufferWriter<byte>(1024 * pending.Count);
        output.Write("{\"entries\":["u8);
        for (var i = 0; i < pending.Count; i++)
        {
            var (entry, cloudEvent) = pending[i];
            if (i > 0) output.Write(","u8);
            output.Write("{\"entryId\":"u8);
            GoJson.WriteString(output, entry.EntryId);
            output.Write(",\"event\":"u8);
            GoJson.Write(output, cloudEvent, GoJson.Numbers.Float64);
            output.Write(",\"metadata\":"u8);
            WriteMap(output, entry.Metadata);
            output.Write(",\"contentType\":"u8);
            GoJson.WriteString(output, CloudEventEnvelope.ContentType);
            output.Write("}"u8);
        }

        output.Write("],\"id\":"u8);
        GoJson.WriteString(output, Guid.NewGuid().ToString());
        output.Write(",\"metadata\":"u8);
        WriteMap(output, metadata);
        output.Write(",\"pubsubname\":"u8);
        GoJson.WriteString(output, subscription.PubSubName);
        output.Write(",\"topic\":"u8);
        GoJson.WriteString(output, subscription.Topic);
        output.Write(",\"type\":\"com.dapr.event.sent.bulk\"}"u8);
        return output.WrittenSpan.ToArray();
    }

    private static void WriteMap(ArrayBufferWriter<byte> output, IReadOnlyDictionary<string, string> map)
    {
        output.Write("{"u8);
        var first = true;
        foreach (var (name, value) in map.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (!first) output.Write(","u8);
            first = false;
            GoJson.WriteString(output, name);
            output.Write(":"u8);
            GoJson.WriteString(output, value);
        }

        output.Write("}"u8);
    }

    /// <summary>http.go Deliver, 2xx: the body decoded into <c>{"status": string}</c>; a body that does not decode acknowledges.</summary>
    private static Fate StatusOf(byte[] body)
    {
        if (!GoJson.TryParse(body, out var answer) || answer.ValueKind != JsonValueKind.Object) return Fate.Success;
        string? status = null;
        foreach (var member in answer.EnumerateObject())
        {
            if (!member.NameEquals("status") && !string.Equals(member.Name, "status", StringComparison.OrdinalIgnoreCase)) continue;
            if (member.Value.ValueKind == JsonValueKind.String) status = member.Value.GetString();
            else if (member.Value.ValueKind != JsonValueKind.Null) return Fate.Success; // a type error: "skipping status check"
        }

        return status switch
        {
            null or "" or "SUCCESS" => Fate.Success,
            "DROP" => Fate.Drop,
            _ => Fate.Retry, // RETRY, and any status daprd does not know
        };
    }

    /// <summary>http.go DeliverBulk, 2xx: <c>{"statuses":[{"entryId","status"}]}</c>, or null when it does not decode (every entry retried).</summary>
    private static Dictionary<string, Fate>? BulkStatusesOf(byte[] body)
    {
        if (!GoJson.TryParse(body, out var answer)) return null;
        var fates = new Dictionary<string, Fate>(StringComparer.Ordinal);
        if (answer.ValueKind == JsonValueKind.Null) return fates;
        if (answer.ValueKind != JsonValueKind.Object) return null;
        foreach (var member in answer.EnumerateObject())
        {
            if (!string.Equals(member.Name, "statuses", StringComparison.OrdinalIgnoreCase) || member.Value.ValueKind == JsonValueKind.Null) continue;
            if (member.Value.ValueKind != JsonValueKind.Array) return null;
            foreach (var item in member.Value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Null) continue;
                if (item.ValueKind != JsonValueKind.Object) return null;
                string entryId = "", status = "";
                foreach (var field in item.EnumerateObject())
                {
                    var isId = string.Equals(field.Name, "entryId", StringComparison.OrdinalIgnoreCase);
                    var isStatus = string.Equals(field.Name, "status", StringComparison.OrdinalIgnoreCase);
                    if (!isId && !isStatus || field.Value.ValueKind == JsonValueKind.Null) continue;
                    if (field.Value.ValueKind != JsonValueKind.String) return null;
                    if (isId) entryId = field.Value.GetString()!;
                    else status = field.Value.GetString()!;
                }

                fates[entryId] = status switch
                {
                    "SUCCESS" => Fate.Success,
                    "DROP" => Fate.DropToDeadLetter,
                    _ => Fate.Retry, // RETRY, "" and unknown statuses
                };
            }
        }

        return fates;
    }

    /// <summary>components-contrib pubsub/envelope.go HasExpired: an RFC 3339 <c>expiration</c> in the past.</summary>
    private bool Expired(JsonElement cloudEvent) =>
        cloudEvent.TryGetProperty("expiration", out var expiration) && expiration.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(expiration.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at)
        && at < daprd.Clock.GetUtcNow();

    /// <summary>postman/http/http.go: the delivery span's parent is the CloudEvent's <c>traceparent</c>, else its <c>traceid</c>.</summary>
    private static ParentTrace TraceOf(JsonElement cloudEvent)
    {
        static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new ParentTrace(Text(cloudEvent, "traceparent") ?? Text(cloudEvent, "traceid"), Text(cloudEvent, "tracestate"));
    }

    private bool DeadLetterOrHandBack(byte[] data, Dictionary<string, string> metadata)
    {
        if (subscription.DeadLetterTopic is { } topic && TryForward(topic, data, metadata))
        {
            Interlocked.Increment(ref _deadLettered);
            return true;
        }

        Interlocked.Increment(ref _handedBack);
        return false;
    }

    /// <summary>subscription.go sendToDeadLetter: the message's bytes and metadata, published as they are (no new envelope).</summary>
    private bool TryForward(string topic, byte[] data, Dictionary<string, string> metadata)
    {
        if (!CanPublish(topic)) return false;
        Forward(topic, data, metadata);
        return true;
    }

    private bool CanPublish(string topic) => daprd.Fail("publish:" + topic) is null;

    private void Forward(string topic, byte[] data, Dictionary<string, string> metadata) => daprd.Broker.Publish(subscription.PubSubName, topic, data, metadata);

    /// <summary>Go's textproto.CanonicalMIMEHeaderKey, which http.Header.Add applies: "partitionKey" → "Partitionkey".</summary>
    private static string CanonicalHeaderKey(string name)
    {
        foreach (var c in name)
        {
            if (c > 127 || !(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal))) return name;
        }

        var chars = name.ToCharArray();
        var upper = true;
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = upper ? char.ToUpperInvariant(chars[i]) : char.ToLowerInvariant(chars[i]);
            upper = chars[i] == '-';
        }

        return new string(chars);
    }

    private readonly record struct ParentTrace(string? TraceParent, string? TraceState);

    private sealed record BulkEntry(string EntryId, BrokerRecord Record, Dictionary<string, string> Metadata);

    private enum Fate
    {
        Success,
        Retry,
        Drop,
        DropToDeadLetter,
    }
}
