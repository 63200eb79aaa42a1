namespace DaprPredictor.Modeling.Evaluation;

/// <summary>Probability-quality metrics computed the same way for the model, the oracle and the base rate.</summary>
public static class BinaryMetrics
{
    private const double Epsilon = 1e-15;

    public static double LogLoss(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        Check(probabilities, labels);
        var sum = 0.0;
        for (var i = 0; i < labels.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], Epsilon, 1 - Epsilon);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / labels.Count;
    }

    public static double Brier(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        Check(probabilities, labels);
        var sum = 0.0;
        for (var i = 0; i < labels.Count; i++)
        {
            var d = probabilities[i] - (labels[i] ? 1 : 0);
            sum += d * d;
        }

        return sum / labels.Count;
    }

    /// <summary>Area under the ROC curve by the rank-sum (Mann–Whitney) formula; tied scores share their average rank.</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        Check(scores, labels);
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positives = 0, rankSum = 0;
        var position = 0;
        while (position < order.Length)
        {
            var end = position;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[position]]) end++;
            var averageRank = (position + end) / 2.0 + 1;
            for (var i = position; i <= end; i++)
            {
                if (labels[order[i]])
                {
                    positives++;
                    rankSum += averageRank;
                }
            }

            position = end + 1;
        }

        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    private static void Check(IReadOnlyList<double> values, IReadOnlyList<bool> labels)
    {
        if (values.Count != labels.Count) throw new ArgumentException("One value per label is needed.", nameof(values));
        if (labels.Count == 0) throw new ArgumentException("At least one label is needed.", nameof(labels));
    }
}
