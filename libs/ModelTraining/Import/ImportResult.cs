using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.ModelTraining.Import;

/// <param name="SampleLines">The sampled users' lines of events.jsonl, in event-time order (compact until trained on).</param>
/// <param name="Purchases">Every order of every user (the offline store), in time order.</param>
/// <param name="Files">Where events.jsonl, purchases.jsonl, offline-seed.sql and conversion.json were written.</param>
public sealed record ImportResult(ConversionReport Report, IReadOnlyList<byte[]> SampleLines, IReadOnlyList<PurchaseRecord> Purchases, OutputFiles Files)
{
    private IReadOnlyList<PageViewEvent>? _events;

    /// <summary>The sampled page views for training, read from <see cref="SampleLines"/> with the wire contract (once).</summary>
    public IReadOnlyList<PageViewEvent> Events => _events ??= SampleLines.Select(line =>
        PageViewJson.TryParse(line, out var e, out var rejection) ? e! : throw new InvalidDataException($"A converted line is not a page view: {rejection!.Detail}")).ToArray();
}
