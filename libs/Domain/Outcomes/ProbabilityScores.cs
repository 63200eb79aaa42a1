namespace DaprPredictor.Domain.Outcomes;

/// <summary>
/// How good predicted probabilities are against what happened, accumulated one pair at a time in constant memory, so
/// that a held-out evaluation and a replay of any length are graded alike: log loss and Brier score exactly, AUC from
/// score histograms of <see cref="Bins"/> bins (exact up to ties within a bin, whose pairs count half). A pair can be
/// removed again, so the same figures also grade a sliding window of live predictions. Not thread-safe.
/// </summary>
public sealed class ProbabilityScores
{
    /// <summary>Bin width 1/65,536; a test holds the binned AUC to ML.NET's exact one.</summary>
    public const int Bins = 65_536;

    /// <summary>Probabilities are clipped to [ε, 1 − ε], so a confident miss costs much but not infinity.</summary>
    public const double Epsilon = 1e-15;

    private readonly long[] _positives = new long[Bins];
    private readonly long[] _negatives = new long[Bins];
    private double _logLossSum;
    private double _brierSum;

    public long Count { get; private set; }

    public long Positives { get; private set; }

    public double BaseRate => (double)Positives / Count;

    public double LogLoss => _logLossSum / Count;

    public double Brier => _brierSum / Count;

    /// <summary>Mann–Whitney over bins: a positive beats every negative in a lower bin and ties half of its own. Null without both outcomes.</summary>
    public double? Auc
    {
        get
        {
            double pairs = 0, negativesBelow = 0;
            for (var b = 0; b < Bins; b++)
            {
                pairs += _positives[b] * (negativesBelow + _negatives[b] / 2.0);
                negativesBelow += _negatives[b];
            }

            return Positives == 0 || negativesBelow == 0 ? null : pairs / (Positives * negativesBelow);
        }
    }

    public static ProbabilityScores Of(IReadOnlyList<double> probabilities, IReadOnlyList<bool> outcomes)
    {
        if (probabilities.Count != outcomes.Count) throw new ArgumentException("One probability per outcome is needed.", nameof(probabilities));
        var scores = new ProbabilityScores();
        for (var i = 0; i < outcomes.Count; i++) scores.Add(probabilities[i], outcomes[i]);
        return scores;
    }

    public void Add(double probability, bool outcome) => Apply(probability, outcome, +1);

    /// <summary>Takes back a pair added before (the caller keeps it); removing one never added corrupts the figures.</summary>
    public void Remove(double probability, bool outcome) => Apply(probability, outcome, -1);

    private void Apply(double probability, bool outcome, int sign)
    {
        var bin = Math.Clamp((int)(probability * Bins), 0, Bins - 1);
        (outcome ? _positives : _negatives)[bin] += sign;
        var clipped = Math.Clamp(probability, Epsilon, 1 - Epsilon);
        _logLossSum -= sign * (outcome ? Math.Log(clipped) : Math.Log(1 - clipped));
        var error = probability - (outcome ? 1 : 0);
        _brierSum += sign * error * error;
        Count += sign;
        if (outcome) Positives += sign;
    }
}
