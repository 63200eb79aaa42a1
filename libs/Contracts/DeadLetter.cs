namespace DaprPredictor.Contracts;

/// <summary>Published to <see cref="Topology.DeadLetterTopic"/> for every event that cannot be scored.</summary>
/// <param name="Reason">The kebab-case reject reason, e.g. <c>missing-user-id</c>.</param>
/// <param name="Payload">
/// <para>
/// The event as the pipeline was handed it (UTF-8 JSON text), to fix and replay: equivalent JSON, not the producer's
/// bytes. Behind Dapr it is the CloudEvent's <c>data</c> as daprd delivered it, taken from the envelope as it stands
/// (or the decoded <c>data_base64</c>, or the text of text data). The publisher's daprd parses the published JSON and
/// marshals it again inside the envelope (components-contrib <c>pubsub/envelope.go</c> and Go's encoding/json, Dapr
/// 1.14–1.18 alike): object keys sorted, only the last of duplicate keys kept, whitespace dropped, <c>&lt; &gt; &amp;</c>
/// escaped, numbers as written; a payload that is not valid JSON becomes a JSON string holding its text. So the values
/// are the published ones except a duplicate key's earlier values, and for a payload daprd could not parse the field
/// holds a JSON string whose value is the published text. A delivery whose envelope cannot be read keeps its body as
/// text. In the standalone host it is the replayed line or the posted array element as read, and for
/// <c>retries-exhausted</c> the event as re-serialized.
/// </para>
/// <para>
/// The size limit (<c>Cleaning:MaxEventBytes</c>, 64 KiB) applies to these received bytes, not to the published
/// bytes nor to the envelope; escaping can make them several times larger than what was published. Over the limit the
/// payload is not kept and the field says <c>&lt;N bytes, not kept&gt;</c> with N the received size.
/// </para>
/// </param>
public sealed record DeadLetter(string Reason, string Detail, string? EventId, string? UserId, DateTimeOffset RejectedAt, string Payload);
