namespace DaprPredictor.Standalone.Replay;

public sealed record EvaluationResult(long Events, double Auc, double LogLoss, double? OracleAuc, double? OracleLogLoss);

/// <summary>
/// How good the served probabilities are, accumulated as they are published, in constant memory: log loss exactly, and
/// AUC from score histograms of 10,000 bins (exact up to ties within a bin of width 0.0001).
/// </summary>
public sealed class StreamingEvaluation(IReadOnlyDictionary<string, Truth> truth)
{
    private const int Bins = 10_000;
    private const double Epsilon = 1e-15;
    private readonly Lock _gate = new();
    private readonly Histogram _model = new();
    private readonly Histogram _oracle = new();
    private bool _oracleComplete = true;

    public void Add(string eventId, double probability)
    {
        if (!truth.TryGetValue(eventId, out var t)) return;
        lock (_gate)
        {
            _model.Add(probability, t.Label);
            if (t.Oracle is { } oracle) _oracle.Add(oracle, t.Label);
            else _oracleComplete = false;
        }
    }

    public EvaluationResult? Result()
    {
        lock (_gate)
        {
            if (_model.Auc() is not { } auc) return null;
            var oracle = _oracleComplete ? _oracle : null;
            return new EvaluationResult(_model.Count, auc, _model.LogLoss, oracle?.Auc(), oracle?.LogLoss);
        }
    }

    private sealed class Histogram
    {
        private readonly long[] _positives = new long[Bins];
        private readonly long[] _negatives = new long[Bins];
        private double _logLossSum;

        public long Count { get; private set; }

        public double LogLoss => _logLossSum / Count;

        public void Add(double p, bool label)
        {
            var bin = Math.Clamp((int)(p * Bins), 0, Bins - 1);
            (label ? _positives : _negatives)[bin]++;
            var clipped = Math.Clamp(p, Epsilon, 1 - Epsilon);
            _logLossSum -= label ? Math.Log(clipped) : Math.Log(1 - clipped);
            Count++;
        }

        /// <summary>Mann–Whitney over bins: a positive beats every negative in a lower bin and ties half of its own.</summary>
        public double? Auc()
        {
            double pairs = 0, negativesBelow = 0, positives = 0;
            for (var b = 0; b < Bins; b++)
            {
                pairs += _positives[b] * (negativesBelow + _negatives[b] / 2.0);
                negativesBelow += _negatives[b];
                positives += _positives[b];
            }

            return positives == 0 || negativesBelow == 0 ? null : pairs / (positives * negativesBelow);
        }
    }
}
