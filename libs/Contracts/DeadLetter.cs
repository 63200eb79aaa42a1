namespace DaprPredictor.Contracts;

/// <summary>Published to <see cref="Topology.DeadLetterTopic"/> for every event that cannot be scored.</summary>
/// <param name="Reason">The kebab-case reject reason, e.g. <c>missing-user-id</c>.</param>
/// <param name="Payload">The event exactly as received (JSON text), so it can be fixed and replayed.</param>
public sealed record DeadLetter(string Reason, string Detail, string? EventId, string? UserId, DateTimeOffset RejectedAt, string Payload);
