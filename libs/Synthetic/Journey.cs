namespace DaprPredictor.Synthetic;

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
