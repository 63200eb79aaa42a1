namespace DaprPredictor.Synthetic;

/// <summary>Exact log-probabilities of the generator's discrete draws, used by the oracle.</summary>
internal static class Probability
{
    public static double LogPoisson(int count, double mean)
    {
        var logFactorial = 0.0;
        for (var i = 2; i <= count; i++) logFactorial += Math.Log(i);
        return count * Math.Log(mean) - mean - logFactorial;
    }

    /// <summary>CDF of Gamma(shape 2, scale θ): 1 − e^(−x/θ)(1 + x/θ).</summary>
    public static double GammaShape2Cdf(double x, double scale) => x <= 0 ? 0 : 1 - Math.Exp(-x / scale) * (1 + x / scale);

    /// <summary>log P(amount in cents = c) when cents = ceil(100·X), X ~ Gamma(2, θ).</summary>
    public static double LogCentsOfGammaShape2(long cents, double scale)
    {
        var upper = cents / 100.0;
        var lower = (cents - 1) / 100.0;
        var upperCdf = GammaShape2Cdf(upper, scale);
        var lowerCdf = GammaShape2Cdf(lower, scale);
        // 1 − CDF is computed directly in the far tail, where the difference of CDFs loses all precision.
        var mass = upperCdf < 0.5
            ? upperCdf - lowerCdf
            : Survival(lower, scale) - Survival(upper, scale);
        return Math.Log(Math.Max(mass, double.Epsilon));
    }

    /// <summary>log P(gap = g ms) when g = floor(X), X ~ Exponential(mean m ms): a geometric distribution.</summary>
    public static double LogFlooredExponential(long milliseconds, double meanMilliseconds) =>
        -milliseconds / meanMilliseconds + Math.Log(-double.ExpM1(-1 / meanMilliseconds));

    public static double LogSumExp(ReadOnlySpan<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var v in values) max = Math.Max(max, v);
        var sum = 0.0;
        foreach (var v in values) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    private static double Survival(double x, double scale) => x <= 0 ? 1 : Math.Exp(-x / scale) * (1 + x / scale);
}
