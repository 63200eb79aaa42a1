using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Windows;

namespace DaprPredictor.Domain.Contracts;

/// <summary>Published to <see cref="Topology.PredictionsTopic"/> and answered by <c>POST /predict</c>.</summary>
/// <param name="Degraded">True when the offline features could not be read in time and cold-start defaults were used.</param>
/// <param name="LatencyMs">From receiving the event to having its probability.</param>
public sealed record Prediction(
    string UserId,
    string SessionId,
    string EventId,
    double Probability,
    string ModelVersion,
    int FeatureSchemaVersion,
    bool Degraded,
    DateTimeOffset ComputedAt,
    double LatencyMs);

/// <summary>Published to <see cref="Topology.DeadLetterTopic"/> for every event that cannot be scored.</summary>
/// <param name="Reason">The kebab-case reject reason, e.g. <c>missing-user-id</c>.</param>
/// <param name="Payload">The event exactly as received (JSON text), so it can be fixed and replayed.</param>
public sealed record DeadLetter(string Reason, string Detail, string? EventId, string? UserId, DateTimeOffset RejectedAt, string Payload);

/// <summary>
/// The feature extractor's per-user state-store value, written in one ETag-guarded save: the window, the latest
/// prediction, and the session's offline features (taken as of the session start, so one lookup serves the session).
/// </summary>
public sealed record UserState(UserWindow Window, Prediction? LatestPrediction, UserOfflineFeatures? SessionOffline = null);

/// <summary><c>GET /users/{userId}/features</c> on offline-features.</summary>
public sealed record UserOfflineFeatures(string UserId, DateTimeOffset AsOf, OfflineFeatures Features);

/// <summary>The offline-features read-through cache value: a purchase summary and the point in time it describes.</summary>
public sealed record CachedPurchaseSummary(DateTimeOffset AsOf, PurchaseSummary Summary);

/// <summary><c>POST /score</c>: exactly one of <see cref="Features"/> (one vector) and <see cref="Batch"/> (several).</summary>
public sealed record ScoreRequest(int FeatureSchemaVersion, float[]? Features = null, float[][]? Batch = null);

/// <summary>One probability per vector, in request order.</summary>
public sealed record ScoreResponse(string ModelVersion, int FeatureSchemaVersion, double[] Probabilities);

/// <summary>What the scorer is serving.</summary>
public sealed record ModelStatus(string ModelVersion, int FeatureSchemaVersion, string Path, DateTimeOffset LoadedAt, string Trainer);

/// <summary>
/// The app's answer to a Dapr pub/sub delivery: SUCCESS acknowledges, RETRY asks for redelivery, DROP drops (and,
/// since Dapr 1.13, forwards the message to the subscription's dead-letter topic).
/// </summary>
public sealed record TopicResponse(string Status)
{
    public static TopicResponse Success { get; } = new("SUCCESS");

    public static TopicResponse Retry { get; } = new("RETRY");

    public static TopicResponse Drop { get; } = new("DROP");
}

/// <summary>The answer to <c>POST /events</c>: how many events were queued and why the others were not.</summary>
public sealed record EventsAccepted(int Received, int Accepted, IReadOnlyList<EventRejection> Rejected);

public sealed record EventRejection(int Index, string? EventId, string Reason, string Detail);
