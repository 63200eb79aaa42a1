using System.Diagnostics.Metrics;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Monitoring;
using DaprPredictor.Domain.Outcomes;
using DaprPredictor.Pipeline.Predictions;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Pipeline.Monitoring;

/// <summary>
/// The pipeline grading itself: scored predictions and purchases go into a <see cref="SessionGrader"/>, labelled
/// predictions into a sliding <see cref="GradeWindow"/>, and the window is exported as gauges on the pipeline's meter
/// (<c>daprpredictor_online_*</c>). Thread-safe: one lock, held for microseconds per call. Predictions, one per event
/// from every consumer at once, are first collected per thread (<see cref="PredictionBuffer"/>) and handed to the
/// grader in batches under the lock, and every other call hands over what all threads collected before it acts: a
/// purchase, a sweep or a reading sees every prediction made before it, as it would with the lock taken per prediction.
/// </summary>
public sealed class LiveGrading : IDisposable
{
    private const int PredictionBatch = 32;
    private readonly Lock _lock = new();
    private readonly ThreadLocal<PredictionBuffer> _buffers;

    /// <summary>Every thread's buffer (copied on write: a thread's first prediction adds one), for hand-overs to read without allocating.</summary>
    private PredictionBuffer[] _allBuffers = [];
    private readonly SessionGrader _grader;
    private readonly GradeWindow _window;
    private readonly ProbabilityScores _overall = new();
    private readonly TimeProvider _clock;
    private readonly Counter<long> _graded;
    private readonly Counter<long> _ungraded;
    private readonly Counter<long> _purchases;
    private readonly Counter<long> _purchasesRejected;
    private long _gradedCount, _positiveCount, _ungradedCount;
    private LiveGrade? _cached;

    private static readonly KeyValuePair<string, object?> Purchase = new("outcome", "purchase");
    private static readonly KeyValuePair<string, object?> NoPurchase = new("outcome", "no_purchase");

    public LiveGrading(IOptions<GradingOptions> options, TimeProvider clock, IMeterFactory meterFactory)
    {
        var o = options.Value;
        _clock = clock;
        _buffers = new(NewBuffer);
        _window = new GradeWindow(o.WindowSize);
        _grader = new SessionGrader(new PurchaseAttribution(o.AttributionWindow), o.Limits, OnGraded, OnUngraded);
        var meter = meterFactory.Create(PipelineMetrics.MeterName);
        _graded = meter.CreateCounter<long>("daprpredictor.predictions.graded", "{prediction}", "Predictions labelled by their session's outcome, by outcome.");
        _ungraded = meter.CreateCounter<long>("daprpredictor.predictions.ungraded", "{prediction}",
            "Predictions never labelled because a memory bound of live grading refused them, by reason.");
        _purchases = meter.CreateCounter<long>("daprpredictor.purchases.received", "{purchase}", "Purchases received to label sessions with.");
        _purchasesRejected = meter.CreateCounter<long>("daprpredictor.purchases.rejected", "{purchase}", "Purchase messages that could not be read (dropped and logged).");
        meter.CreateObservableGauge("daprpredictor.online.log_loss", () => Gauge(g => g.LogLoss), description: "Log loss of the most recent labelled predictions (the grading window).");
        meter.CreateObservableGauge("daprpredictor.online.brier", () => Gauge(g => g.Brier), description: "Brier score of the grading window.");
        meter.CreateObservableGauge("daprpredictor.online.auc", () => Gauge(g => g.Auc), description: "AUC of the grading window (absent until it holds both outcomes).");
        meter.CreateObservableGauge("daprpredictor.online.base_rate", () => Gauge(g => g.BaseRate), description: "Share of the grading window's predictions whose session ended in a purchase.");
        meter.CreateObservableGauge("daprpredictor.online.base_rate_log_loss", () => Gauge(g => g.BaseRateLogLoss),
            description: "Log loss of always predicting the window's base rate: the line a useful model stays below.");
        meter.CreateObservableGauge("daprpredictor.online.labelled", () => new Measurement<long>(Grade().Count), description: "Labelled predictions in the grading window.");
        meter.CreateObservableGauge("daprpredictor.online.calibration", Calibration,
            description: "Per probability decile of the grading window: the mean predicted probability (rate=predicted) and the observed purchase rate (rate=observed).");
    }

    public long Graded
    {
        get
        {
            HandOver();
            return Interlocked.Read(ref _gradedCount);
        }
    }

    public long GradedPositive
    {
        get
        {
            HandOver();
            return Interlocked.Read(ref _positiveCount);
        }
    }

    public long Ungraded
    {
        get
        {
            HandOver();
            return Interlocked.Read(ref _ungradedCount);
        }
    }

    public int TrackedUsers
    {
        get
        {
            HandOver();
            lock (_lock) return _grader.TrackedUsers;
        }
    }

    /// <summary>A prediction was scored and saved for <paramref name="e"/>, whose user's session is now <paramref name="sessionId"/> with its newest event at <paramref name="sessionNewest"/>.</summary>
    public void Predicted(CleanPageView e, string sessionId, DateTimeOffset sessionNewest, double probability)
    {
        var buffer = _buffers.Value!;
        lock (buffer.Gate)
        {
            if (buffer.Add(new PendingPrediction(e.UserId, sessionId, sessionNewest, e.Timestamp, probability))) HandOver(buffer);
        }
    }

    public void Purchased(PurchaseRecord purchase)
    {
        _purchases.Add(1);
        HandOver();
        lock (_lock) _grader.Purchased(purchase);
    }

    public void PurchaseRejected() => _purchasesRejected.Add(1);

    /// <summary>Grades the sessions whose outcome is settled by now.</summary>
    public void Sweep()
    {
        var now = _clock.GetUtcNow();
        HandOver();
        lock (_lock) _grader.Sweep(now);
    }

    /// <summary>The end of a finite replay: every outcome is known, so every waiting prediction is graded.</summary>
    public void SettleAll()
    {
        HandOver();
        lock (_lock) _grader.SettleAll();
    }

    /// <summary>The grading window: the most recent <see cref="GradingOptions.WindowSize"/> labelled predictions.</summary>
    public LiveGrade Grade()
    {
        HandOver();
        lock (_lock) return _cached ??= _window.Grade();
    }

    /// <summary>Every prediction graded since the start (a replay's summary), without calibration bins.</summary>
    public LiveGrade Overall()
    {
        HandOver();
        lock (_lock) return LiveGrade.Of(_overall, []);
    }

    public void Dispose() => _buffers.Dispose();

    /// <summary>Hands every thread's collected predictions to the grader (a buffer's lock, then the grader's: always in that order).</summary>
    private void HandOver()
    {
        foreach (var buffer in Volatile.Read(ref _allBuffers))
        {
            if (buffer.Count == 0) continue;
            lock (buffer.Gate) HandOver(buffer);
        }
    }

    private PredictionBuffer NewBuffer()
    {
        var buffer = new PredictionBuffer(PredictionBatch);
        lock (_lock) _allBuffers = [.. _allBuffers, buffer];
        return buffer;
    }

    /// <summary>Under <paramref name="buffer"/>'s lock.</summary>
    private void HandOver(PredictionBuffer buffer)
    {
        if (buffer.Count == 0) return;
        lock (_lock)
        {
            foreach (var p in buffer.Pending) _grader.Predicted(p.UserId, p.SessionId, p.SessionLastEventAt, p.EventAt, p.Probability);
        }

        buffer.Clear();
    }

    private void OnGraded(double probability, bool outcome)
    {
        // Called under the lock by the grader.
        _window.Add(probability, outcome);
        _overall.Add(probability, outcome);
        _cached = null;
        Interlocked.Increment(ref _gradedCount);
        if (outcome) Interlocked.Increment(ref _positiveCount);
        _graded.Add(1, outcome ? Purchase : NoPurchase);
    }

    private void OnUngraded(UngradedReason reason, int count)
    {
        Interlocked.Add(ref _ungradedCount, count);
        _ungraded.Add(count, new KeyValuePair<string, object?>("reason", reason == UngradedReason.Evicted ? "evicted" : "session-full"));
    }

    private IEnumerable<Measurement<double>> Gauge(Func<LiveGrade, double?> figure) =>
        figure(Grade()) is { } value && double.IsFinite(value) ? [new Measurement<double>(value)] : [];

    private IEnumerable<Measurement<double>> Calibration()
    {
        foreach (var bin in Grade().Calibration)
        {
            if (bin.Count == 0) continue;
            var label = new KeyValuePair<string, object?>("bin", $"{bin.Bin / 10.0:0.0}-{(bin.Bin + 1) / 10.0:0.0}");
            yield return new Measurement<double>(bin.MeanPredicted, label, new KeyValuePair<string, object?>("rate", "predicted"));
            yield return new Measurement<double>(bin.ObservedRate, label, new KeyValuePair<string, object?>("rate", "observed"));
        }
    }
}
