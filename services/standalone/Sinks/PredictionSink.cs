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

    /// <summary>The latest few in a ring under a lock: every prediction passes here, and a queue trimmed to size costs more.</summary>
    private readonly Prediction?[] _recent = new Prediction?[RecentCount];
    private readonly Lock _gate = new();
    private ReplayEvaluation? _evaluation;
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>The latest predictions, oldest first.</summary>
    public IReadOnlyList<Prediction> Recent
    {
        get
        {
            lock (_gate)
            {
                var count = (int)Math.Min(_count, RecentCount);
                return [.. Enumerable.Range(0, count).Select(i => _recent[(_count - count + i) % RecentCount]!)];
            }
        }
    }

    public ReplayEvaluation? Evaluation => _evaluation;

    public void Evaluate(ReplayEvaluation? evaluation) => _evaluation = evaluation;

    public ValueTask AddAsync(Prediction prediction)
    {
        lock (_gate)
        {
            _recent[_count % RecentCount] = prediction;
            Interlocked.Increment(ref _count);
        }

        return ValueTask.CompletedTask;
    }
}
