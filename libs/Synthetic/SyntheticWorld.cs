using DaprPredictor.Domain.Events;

namespace DaprPredictor.Synthetic;

/// <summary>A hidden visitor type: how often it bought before, how much, how fast it browses, which prices and pages it favours.</summary>
/// <param name="HistoryPurchases">Expected purchases in the history period (Poisson mean).</param>
/// <param name="MeanPurchaseAmount">Mean of the Gamma(shape 2) purchase amount.</param>
/// <param name="MeanDwellSeconds">Mean of the exponential time between two page views.</param>
/// <param name="PriceSensitivity">β in P(product) ∝ exp(−β · price): larger means cheaper products.</param>
/// <param name="DestinationWeights">Multipliers on the base journey, per <see cref="Journey"/> destination.</param>
public sealed record UserType(
    string Name,
    double Prior,
    double HistoryPurchases,
    double MeanPurchaseAmount,
    double MeanDwellSeconds,
    double PriceSensitivity,
    double[] DestinationWeights);

public sealed record Product(string ProductId, string Category, decimal Price);

/// <summary>
/// The page journey: a Markov chain over the eight generated page types plus two absorbing states.
/// A type k moves from page i to destination j with probability B(i,j)·m_k(j) / Σ_j' B(i,j')·m_k(j'),
/// so the evidence a path carries about the type depends (almost) only on how often each page was visited,
/// the entry page and the current page: features the model has.
/// </summary>
public static class Journey
{
    public const int Pages = 8; // Home..Help; "other" is never generated
    public const int Exit = 8;
    public const int Purchase = 9;
    public const int Destinations = 10;

    /// <summary>Where visits start (the same for every type, so the entry page alone says nothing about the type).</summary>
    public static readonly double[] Entry = [0.40, 0.20, 0.20, 0.20, 0, 0, 0, 0];

    // Columns: Home, Search, Category, Product, Cart, Checkout, Account, Help, Exit, Purchase. Rows: from-page.
    public static readonly double[][] Base =
    [
        [0.02, 0.25, 0.30, 0.20, 0.03, 0.00, 0.05, 0.03, 0.12, 0.00], // Home
        [0.03, 0.15, 0.10, 0.50, 0.02, 0.00, 0.01, 0.02, 0.17, 0.00], // Search
        [0.03, 0.10, 0.15, 0.50, 0.02, 0.00, 0.01, 0.01, 0.18, 0.00], // Category
        [0.03, 0.12, 0.15, 0.25, 0.20, 0.02, 0.01, 0.02, 0.20, 0.00], // Product
        [0.02, 0.05, 0.05, 0.20, 0.03, 0.40, 0.02, 0.03, 0.20, 0.00], // Cart
        [0.00, 0.00, 0.00, 0.03, 0.15, 0.02, 0.05, 0.05, 0.20, 0.50], // Checkout
        [0.20, 0.10, 0.10, 0.10, 0.15, 0.10, 0.05, 0.05, 0.15, 0.00], // Account
        [0.20, 0.15, 0.10, 0.15, 0.10, 0.05, 0.05, 0.05, 0.15, 0.00], // Help
    ];
}

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

    internal static PageType PageOf(int journeyState) => (PageType)journeyState;
}
