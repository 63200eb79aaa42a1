using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DaprPredictor.Domain.Cleaning;

namespace DaprPredictor.Pipeline.Predictions;

/// <summary>
/// The pipeline's OpenTelemetry instruments (meter <see cref="MeterName"/>, scraped from <c>/metrics</c>) and the same
/// counts kept in process for summaries and tests. What every event counts (received, scored, degraded) is kept in
/// <see cref="StripedCounter"/>s and exported as observable counters read at collection time: the same series on
/// <c>/metrics</c> (a tag value appears once it has counted something, as with a counter), without two consumers
/// contending for one instrument's value per event.
/// </summary>
public sealed class PipelineMetrics
{
    public const string MeterName = "DaprPredictor.Pipeline";

    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _beyondDedupeWindow;
    private readonly Counter<long> _deadLetterPublishFailures;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _probability;
    private static readonly KeyValuePair<string, object?> Degraded = new("degraded", true);
    private static readonly KeyValuePair<string, object?> NotDegraded = new("degraded", false);
    private static readonly KeyValuePair<string, object?> MessageEntry = new("entry", "message");
    private static readonly KeyValuePair<string, object?> RequestEntry = new("entry", "request");
    private readonly ConcurrentDictionary<string, long> _deadLetteredByReason = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _rejectedRequestsByReason = new(StringComparer.Ordinal);
    private readonly StripedCounter _receivedCount = new(), _scoredWholeCount = new(), _degradedCount = new();
    private long _duplicateCount, _retriedCount, _conflictCount;

    public PipelineMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("daprpredictor.events.received", ObserveReceived, "{event}", "Page views delivered to the pipeline (redeliveries included).");
        meter.CreateObservableCounter("daprpredictor.events.scored", ObserveScored, "{event}", "Page views scored and published.");
        _duplicates = meter.CreateCounter<long>("daprpredictor.events.duplicates", "{event}", "Redelivered page views recognized by event id.");
        _rejected = meter.CreateCounter<long>("daprpredictor.events.rejected", "{event}",
            "Page views that cannot be scored, by reason and entry: a message is dead-lettered, a request is answered 400.");
        _retried = meter.CreateCounter<long>("daprpredictor.events.retried", "{event}", "Deliveries handed back for redelivery after a transient failure.");
        _conflicts = meter.CreateCounter<long>("daprpredictor.state.conflicts", "{conflict}", "ETag conflicts on the user window (each is re-read and retried).");
        _beyondDedupeWindow = meter.CreateCounter<long>("daprpredictor.events.beyond_dedupe_window", "{event}",
            "Page views not recognized as duplicates although no newer than their user's newest event while the user's recent-id list was full: " +
            "each may be a redelivery older than the dedupe window, scored again (an upper bound; an out-of-order new event counts too).");
        _deadLetterPublishFailures = meter.CreateCounter<long>("daprpredictor.dead_letter.publish_failures", "{event}",
            "Rejected events whose dead letter could not be published, by reject reason. Each is also counted as retried; on Redis Streams from Dapr 1.17 the broker acknowledges it anyway and it is lost.");
        _duration = meter.CreateHistogram("daprpredictor.event.duration", "s", "Time from receiving a page view to its published prediction.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _probability = meter.CreateHistogram("daprpredictor.prediction.probability", "1", "Predicted purchase probabilities (watch for drift).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9] });
    }

    public void Received() => _receivedCount.Increment();

    public void Scored(double seconds, double probability, bool degraded)
    {
        (degraded ? _degradedCount : _scoredWholeCount).Increment();
        _duration.Record(seconds);
        _probability.Record(probability);
    }

    /// <summary>Nothing until the first event, as a counter never added to is not exported.</summary>
    private IEnumerable<Measurement<long>> ObserveReceived() =>
        _receivedCount.Value is > 0 and var received ? [new Measurement<long>(received)] : [];

    /// <summary>By <c>degraded</c> (the tags boxed once, not per event), each counted apart so each series only grows; each from its first event on.</summary>
    private IEnumerable<Measurement<long>> ObserveScored()
    {
        if (_scoredWholeCount.Value is > 0 and var whole) yield return new Measurement<long>(whole, NotDegraded);
        if (_degradedCount.Value is > 0 and var degraded) yield return new Measurement<long>(degraded, Degraded);
    }

    public void Duplicate()
    {
        Interlocked.Increment(ref _duplicateCount);
        _duplicates.Add(1);
    }

    public void Rejected(RejectReason reason, Delivery delivery)
    {
        var code = reason.Code();
        (delivery == Delivery.Message ? _deadLetteredByReason : _rejectedRequestsByReason).AddOrUpdate(code, 1, (_, n) => n + 1);
        _rejected.Add(1, new KeyValuePair<string, object?>("reason", code), delivery == Delivery.Message ? MessageEntry : RequestEntry);
    }

    public void DeadLetterPublishFailed(RejectReason reason) => _deadLetterPublishFailures.Add(1, new KeyValuePair<string, object?>("reason", reason.Code()));

    public void Retried()
    {
        Interlocked.Increment(ref _retriedCount);
        _retried.Add(1);
    }

    /// <summary>An event the dedupe window could no longer have recognized as a redelivery (see the instrument's description).</summary>
    public void BeyondDedupeWindow() => _beyondDedupeWindow.Add(1);

    public void Conflict()
    {
        Interlocked.Increment(ref _conflictCount);
        _conflicts.Add(1);
    }

    public PipelineCounts Snapshot() => new(
        _receivedCount.Value,
        _scoredWholeCount.Value + _degradedCount.Value,
        Interlocked.Read(ref _duplicateCount),
        _deadLetteredByReason.ToDictionary(StringComparer.Ordinal),
        _rejectedRequestsByReason.ToDictionary(StringComparer.Ordinal),
        Interlocked.Read(ref _retriedCount),
        _degradedCount.Value,
        Interlocked.Read(ref _conflictCount));
}
