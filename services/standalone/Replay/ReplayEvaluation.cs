using DaprPredictor.Domain.Outcomes;

namespace DaprPredictor.Standalone.Replay;

/// <summary>
/// How good the served probabilities are against a replay's ground truth, accumulated as events are scored, in constant
/// memory; the oracle's probabilities are graded alongside when every graded event has one.
/// </summary>
public sealed class ReplayEvaluation
{
    private readonly Lock _gate = new();
    private readonly ProbabilityScores _model = new();
    private readonly ProbabilityScores _oracle = new();
    private bool _oracleComplete = true;

    public void Add(Truth t, double probability)
    {
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
            if (_model.Auc is not { } auc) return null;
            var oracle = _oracleComplete ? _oracle : null;
            return new EvaluationResult(_model.Count, auc, _model.LogLoss, oracle?.Auc, oracle?.LogLoss);
        }
    }
}
