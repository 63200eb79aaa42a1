using System.Collections.Concurrent;
using DaprPredictor.Contracts;
using DaprPredictor.Standalone.Replay;

namespace DaprPredictor.Standalone.Sinks;

/// <summary>
/// The standalone host's subscriber of <c>predictions</c>: a count and the latest few, and the replay's streaming
/// evaluation against ground truth (fed by the replayer as events are scored). Constant memory, whatever the stream's length.
/// </summary>
public sealed class PredictionSink
{
    private const int RecentCount = 8;
    private readonly ConcurrentQueue<Prediction> _recent = new();
    private ReplayEvaluation? _evaluation;
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public IReadOnlyList<Prediction> Recent => [.. _recent];

    public ReplayEvaluation? Evaluation => _evaluation;

    public void Evaluate(ReplayEvaluation? evaluation) => _evaluation = evaluation;

    public ValueTask AddAsync(Prediction prediction)
    {
        Interlocked.Increment(ref _count);
        _recent.Enqueue(prediction);
        while (_recent.Count > RecentCount) _recent.TryDequeue(out _);
        return ValueTask.CompletedTask;
    }
}
