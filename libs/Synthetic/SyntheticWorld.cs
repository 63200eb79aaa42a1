
namespace DaprPredictor.Synthetic;

/// <summary>Everything hidden that the generator draws from: the types, their journeys and the product catalog.</summary>
public sealed class SyntheticWorld
{
    private static readonly string[] Categories =
        ["shoes", "apparel", "electronics", "home", "garden", "toys", "books", "beauty", "sports", "grocery", "jewelry", "automotive"];

    private SyntheticWorld(IReadOnlyList<UserType> types, Product[] catalog)
    {
        Types = types;
        Catalog = catalog;
        Transitions = types.Select(t => Journey.Base.Select(row => Normalize(row, t.DestinationWeights)).ToArray()).ToArray();
        PurchaseReach = Transitions.Select(AbsorptionIntoPurchase).ToArray();
        ProductCumulative = types.Select(t => Cumulative(catalog.Select(p => Math.Exp(-t.PriceSensitivity * (double)p.Price)))).ToArray();
        LogProductNormalizer = ProductCumulative.Select(c => Math.Log(c[^1])).ToArray();
    }

    public IReadOnlyList<UserType> Types { get; }

    public IReadOnlyList<Product> Catalog { get; }

    public static IReadOnlyList<string> CategoryNames => Categories;

    /// <summary>[type][from page][destination]: row-stochastic.</summary>
    public double[][][] Transitions { get; }

    /// <summary>[type][page]: probability that a visit at this page ends in a purchase (absorption into Purchase).</summary>
    public double[][] PurchaseReach { get; }

    internal double[][] ProductCumulative { get; }

    internal double[] LogProductNormalizer { get; }

    /// <summary>The default world. The catalog is drawn from its own fixed stream so it is the same for every seed.</summary>
    public static SyntheticWorld Default { get; } = Create();

    private static SyntheticWorld Create()
    {
        UserType[] types =
        [
            new("window-shopper", 0.50, 0.4, 35, 30, 1.0 / 20, [1.2, 1.0, 1.3, 0.9, 0.35, 0.3, 0.6, 1.0, 1.5, 0.25]),
            new("researcher", 0.25, 1.5, 70, 75, 1.0 / 60, [0.8, 1.5, 1.1, 1.5, 0.8, 0.7, 0.8, 1.2, 0.9, 0.7]),
            new("loyal", 0.17, 5.0, 45, 40, 1.0 / 40, [0.8, 0.7, 0.8, 1.0, 1.8, 1.6, 1.6, 0.6, 0.75, 2.2]),
            new("big-spender", 0.08, 2.5, 220, 55, 1.0 / 400, [0.9, 0.9, 1.0, 1.2, 1.4, 1.5, 1.0, 0.8, 0.8, 1.6]),
        ];

        var random = new Rng(20260105);
        var catalog = new Product[3000];
        for (var i = 0; i < catalog.Length; i++)
        {
            // Log-normal prices, median about 30, rounded to cents.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var price = Math.Clamp(Math.Round(Math.Exp(3.4 + 0.9 * normal), 2), 1, 5000);
            catalog[i] = new Product($"p-{i:D5}", Categories[random.Next(Categories.Length)], (decimal)price);
        }

        return new SyntheticWorld(types, catalog);
    }

    private static double[] Normalize(double[] row, double[] weights)
    {
        var weighted = row.Select((b, j) => b * weights[j]).ToArray();
        var sum = weighted.Sum();
        return weighted.Select(w => w / sum).ToArray();
    }

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var result = weights.ToArray();
        for (var i = 1; i < result.Length; i++) result[i] += result[i - 1];
        return result;
    }

    /// <summary>Solves (I − Q)·a = r for the absorbing chain, Q the page-to-page block and r the page-to-purchase column.</summary>
    private static double[] AbsorptionIntoPurchase(double[][] transitions)
    {
        const int n = Journey.Pages;
        var m = new double[n, n + 1];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++) m[i, j] = (i == j ? 1 : 0) - transitions[i][j];
            m[i, n] = transitions[i][Journey.Purchase];
        }

        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col])) pivot = row;
            }

            for (var k = 0; k <= n; k++) (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
            for (var row = 0; row < n; row++)
            {
                if (row == col) continue;
                var factor = m[row, col] / m[col, col];
                for (var k = col; k <= n; k++) m[row, k] -= factor * m[col, k];
            }
        }

        var a = new double[n];
        for (var i = 0; i < n; i++) a[i] = m[i, n] / m[i, i];
        return a;
    }
}
