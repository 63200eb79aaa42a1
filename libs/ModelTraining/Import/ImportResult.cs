using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.ModelTraining.Import;

/// <param name="Events">The sampled users' page views, in event-time order, for training.</param>
/// <param name="Purchases">Every order of every user (the offline store), in time order.</param>
/// <param name="Files">Where events.jsonl, purchases.jsonl, offline-seed.sql and conversion.json were written.</param>
public sealed record ImportResult(ConversionReport Report, IReadOnlyList<PageViewEvent> Events, IReadOnlyList<PurchaseRecord> Purchases, OutputFiles Files);
