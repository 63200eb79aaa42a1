using System.Collections.Concurrent;
using DaprPredictor.Domain.Contracts;

namespace DaprPredictor.Standalone.Embedded;

/// <summary>
/// The in-process subscriber of <c>predictions</c>: a count, the latest few, a streaming evaluation against ground
/// truth when a replay has one, and, only when asked (tests), every probability by event id.
/// </summary>
public sealed class PredictionLog
{
    private const int RecentCount = 8;
    private readonly ConcurrentQueue<Prediction> _recent = new();
    private ConcurrentDictionary<string, double>? _captured;
    private Replay.StreamingEvaluation? _evaluation;
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public IReadOnlyList<Prediction> Recent => [.. _recent];

    public Replay.StreamingEvaluation? Evaluation => _evaluation;

    public void Evaluate(Replay.StreamingEvaluation? evaluation) => _evaluation = evaluation;

    /// <summary>Probability by event id, when <see cref="StartCapture"/> was called (the newest wins for a re-published event). Grows with the stream: for tests.</summary>
    public IReadOnlyDictionary<string, double> Captured => _captured ?? new ConcurrentDictionary<string, double>();

    public void StartCapture(int expected) => _captured = new ConcurrentDictionary<string, double>(Environment.ProcessorCount, expected, StringComparer.Ordinal);

    public ValueTask AddAsync(Prediction prediction)
    {
        Interlocked.Increment(ref _count);
        _recent.Enqueue(prediction);
        while (_recent.Count > RecentCount) _recent.TryDequeue(out _);
        _evaluation?.Add(prediction.EventId, prediction.Probability);
        if (_captured is { } captured) captured[prediction.EventId] = prediction.Probability;
        return ValueTask.CompletedTask;
    }
}

/// <summary>The in-process subscriber of the dead-letter topic: counts by reason and the latest few letters.</summary>
public sealed class DeadLetterLog
{
    private const int RecentCount = 8;
    private readonly ConcurrentDictionary<string, long> _byReason = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<DeadLetter> _recent = new();

    public IReadOnlyDictionary<string, long> ByReason => _byReason;

    public IReadOnlyList<DeadLetter> Recent => [.. _recent];

    public ValueTask AddAsync(DeadLetter letter)
    {
        _byReason.AddOrUpdate(letter.Reason, 1, (_, n) => n + 1);
        _recent.Enqueue(letter);
        while (_recent.Count > RecentCount) _recent.TryDequeue(out _);
        return ValueTask.CompletedTask;
    }
}
