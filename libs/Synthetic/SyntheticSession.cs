using DaprPredictor.Domain.Events;

namespace DaprPredictor.Synthetic;

/// <summary>One visit: its events in time order, the oracle probability at each event, and whether it ended in a purchase.</summary>
public sealed record SyntheticSession(
    string UserId,
    string SessionId,
    DateTimeOffset Start,
    PageViewEvent[] Events,
    double[] OracleProbabilities,
    bool Purchased);
