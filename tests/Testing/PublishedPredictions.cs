using System.Collections.Concurrent;
using DaprPredictor.Contracts;
using DaprPredictor.Embedded;

namespace DaprPredictor.Testing;

/// <summary>
/// A test's own subscriber of the embedded broker's <c>predictions</c>: every probability by event id (the newest wins
/// for a re-published event). It grows with the stream, so it belongs to tests, not to the host.
/// </summary>
public sealed class PublishedPredictions
{
    private readonly ConcurrentDictionary<string, double> _byEventId = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, double> ByEventId => _byEventId;

    public EmbeddedSubscription Subscription => EmbeddedSubscription.To<Prediction>(Topology.PredictionsTopic, Add);

    private ValueTask Add(Prediction prediction)
    {
        _byEventId[prediction.EventId] = prediction.Probability;
        return ValueTask.CompletedTask;
    }
}
