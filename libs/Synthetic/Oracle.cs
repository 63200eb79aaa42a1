namespace DaprPredictor.Synthetic;

/// <summary>
/// The best probability any model could give, by Bayes' rule over the hidden user type, from what is observable:
/// the user's purchases before the session (count and amounts) and the session so far (pages, gaps, viewed products).
/// Draws whose distribution is the same for every type (history times, session start, entry page, categories,
/// search terms, url spellings, ids) cancel out of the posterior and are not tracked.
/// Given the type, the future depends on the past only through the current page (Markov), so
/// P(purchase | observed) = Σ_k P(k | observed) · reach_k(current page).
/// </summary>
public sealed class Oracle
{
    private readonly SyntheticWorld _world;
    private readonly double[] _logLikelihood;
    private readonly double[] _posterior;

    /// <param name="priors">The type shares users are drawn with (the world's own, or a drifted mix).</param>
    public Oracle(SyntheticWorld world, IReadOnlyList<double> priors, IReadOnlyList<long> historyAmountsInCents)
    {
        _world = world;
        var types = world.Types;
        _logLikelihood = new double[types.Count];
        _posterior = new double[types.Count];
        for (var k = 0; k < types.Count; k++)
        {
            var t = types[k];
            var scale = t.MeanPurchaseAmount / 2;
            var log = Math.Log(priors[k]) + Probability.LogPoisson(historyAmountsInCents.Count, t.HistoryPurchases);
            foreach (var cents in historyAmountsInCents) log += Probability.LogCentsOfGammaShape2(cents, scale);
            _logLikelihood[k] = log;
        }
    }

    public void ObserveTransition(int fromPage, int toPage)
    {
        for (var k = 0; k < _logLikelihood.Length; k++) _logLikelihood[k] += Math.Log(_world.Transitions[k][fromPage][toPage]);
    }

    public void ObserveGap(long milliseconds)
    {
        for (var k = 0; k < _logLikelihood.Length; k++)
        {
            _logLikelihood[k] += Probability.LogFlooredExponential(milliseconds, _world.Types[k].MeanDwellSeconds * 1000);
        }
    }

    public void ObserveProduct(Product product)
    {
        for (var k = 0; k < _logLikelihood.Length; k++)
        {
            _logLikelihood[k] += -_world.Types[k].PriceSensitivity * (double)product.Price - _world.LogProductNormalizer[k];
        }
    }

    /// <summary>P(type | everything observed so far).</summary>
    public ReadOnlySpan<double> Posterior()
    {
        var normalizer = Probability.LogSumExp(_logLikelihood);
        for (var k = 0; k < _posterior.Length; k++) _posterior[k] = Math.Exp(_logLikelihood[k] - normalizer);
        return _posterior;
    }

    public double PurchaseProbability(int currentPage)
    {
        var posterior = Posterior();
        var p = 0.0;
        for (var k = 0; k < posterior.Length; k++) p += posterior[k] * _world.PurchaseReach[k][currentPage];
        return p;
    }
}
