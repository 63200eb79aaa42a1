using DaprPredictor.Domain.Features;

namespace DaprPredictor.Contracts;

/// <summary>The offline-features read-through cache value: a purchase summary and the point in time it describes.</summary>
public sealed record CachedPurchaseSummary(DateTimeOffset AsOf, PurchaseSummary Summary);
