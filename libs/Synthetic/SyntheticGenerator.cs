using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.Synthetic;

/// <summary>
/// Generates users, their purchase history and one visit each, deterministically for a given seed (users are
/// generated in parallel, each from its own random stream, so the result does not depend on scheduling).
/// A visit's label is whether it ends in a purchase; the purchase is written to the history 5–120 s after the
/// last page view, exactly as a real shop's order table would hold it.
/// </summary>
public static class SyntheticGenerator
{
    private static readonly string[] SearchTerms = ["shoes", "lamp", "gift", "sale", "jacket", "phone case", "coffee", "desk", "toy car", "novel"];

    public static SyntheticDataset Generate(SyntheticOptions options, IProgress<double>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Users, 1);
        var world = SyntheticWorld.Default;
        var users = new SyntheticUser[options.Users];
        var sessions = new SyntheticSession[options.Users];
        var purchases = new List<PendingPurchase>[options.Users];
        var done = 0;

        var priors = Priors(world, options);
        Parallel.For(0, options.Users, i =>
        {
            var random = Rng.Stream(options.Seed, i, salt: 1);
            (users[i], sessions[i], purchases[i]) = GenerateUser(world, options, priors, i, random);
            var finished = Interlocked.Increment(ref done);
            if (progress is not null && finished % 1000 == 0) progress.Report((double)finished / options.Users);
        });
        progress?.Report(1);

        // Purchase ids follow time order (ties by user index), as an auto-increment key on a real order table would.
        var ordered = purchases
            .SelectMany((list, user) => list.Select((p, n) => (p, user, n)))
            .OrderBy(x => x.p.At).ThenBy(x => x.user).ThenBy(x => x.n)
            .Select((x, id) => new PurchaseRecord(id + 1, users[x.user].UserId, x.p.Cents / 100m, x.p.At))
            .ToArray();

        return new SyntheticDataset(options, world, users, ordered, sessions);
    }

    internal readonly record struct PendingPurchase(DateTimeOffset At, long Cents);

    /// <summary>
    /// The first draws of a user's stream: the type, the purchase history and the visit's start. Cheap, so a streamed shop
    /// can draw every user's start to order the visits, and a user's history again when it is asked for.
    /// </summary>
    internal static (int TypeIndex, List<PendingPurchase> Purchases, DateTimeOffset Start) Head(SyntheticWorld world, SyntheticOptions options, double[] priors, Rng random)
    {
        var typeIndex = Randomness.Categorical(random, priors);
        var type = world.Types[typeIndex];
        var historyStart = options.ClickstreamStart.AddDays(-options.HistoryDays);
        var historySeconds = (long)options.HistoryDays * 86_400;
        var historyCount = Randomness.Poisson(random, type.HistoryPurchases);
        var purchases = new List<PendingPurchase>(historyCount);
        for (var p = 0; p < historyCount; p++)
        {
            var at = historyStart.AddSeconds(random.NextInt64(historySeconds));
            purchases.Add(new PendingPurchase(at, Cents(random, type)));
        }

        var start = options.ClickstreamStart.AddMilliseconds(random.NextInt64((long)options.ClickstreamDays * 86_400_000));
        return (typeIndex, purchases, start);
    }

    internal static (SyntheticUser, SyntheticSession, List<PendingPurchase>) GenerateUser(
        SyntheticWorld world, SyntheticOptions options, double[] priors, int index, Rng random)
    {
        var (typeIndex, purchases, start) = Head(world, options, priors, random);
        var type = world.Types[typeIndex];
        var user = new SyntheticUser($"{options.UserIdPrefix}{index:D7}", typeIndex);

        var oracle = new Oracle(world, priors, purchases.Select(p => p.Cents).ToArray());
        var sessionId = "s-" + Randomness.Hex(random, 8);

        var events = new List<PageViewEvent>();
        var probabilities = new List<double>();
        var page = Randomness.Categorical(random, Journey.Entry);
        var at0 = start;
        Product? lastProduct = null;
        var transitions = world.Transitions[typeIndex];
        int next;
        while (true)
        {
            Product? product = null;
            string? category = null;
            if (page == (int)PageType.Product)
            {
                product = world.Catalog[Randomness.FromCumulative(random, world.ProductCumulative[typeIndex])];
                oracle.ObserveProduct(product);
                lastProduct = product;
            }
            else if (page == (int)PageType.Category)
            {
                category = SyntheticWorld.CategoryNames[random.Next(SyntheticWorld.CategoryNames.Count)];
            }

            events.Add(new PageViewEvent(
                Randomness.Uuid(random).ToString(),
                user.UserId,
                sessionId,
                RawPage(random, page, product, category),
                Rfc3339.Format(at0),
                product?.ProductId,
                product?.Category ?? category,
                product is null ? null : (double)product.Price));
            probabilities.Add(oracle.PurchaseProbability(page));

            next = Randomness.Categorical(random, transitions[page]);
            if (next is Journey.Exit or Journey.Purchase) break;

            var gap = (long)Math.Floor(Randomness.Exponential(random, type.MeanDwellSeconds * 1000));
            oracle.ObserveTransition(page, next);
            oracle.ObserveGap(gap);
            at0 = at0.AddMilliseconds(gap);
            page = next;
        }

        var purchased = next == Journey.Purchase;
        if (purchased)
        {
            // The order lands on whole seconds (DATETIME), strictly after the last page view.
            var at = at0.AddSeconds(5 + random.Next(116));
            at = new DateTimeOffset(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond + TimeSpan.TicksPerSecond, TimeSpan.Zero);
            var cents = lastProduct is null ? Cents(random, type) : (long)(lastProduct.Price * 100);
            purchases.Add(new PendingPurchase(at, cents));
        }

        return (user, new SyntheticSession(user.UserId, sessionId, start, [.. events], [.. probabilities], purchased), purchases);
    }

    internal static double[] Priors(SyntheticWorld world, SyntheticOptions options)
    {
        if (options.TypeMix is not { } mix) return world.Types.Select(t => t.Prior).ToArray();
        if (mix.Count != world.Types.Count || mix.Any(m => !(m >= 0)) || !(mix.Sum() > 0))
        {
            throw new ArgumentException($"TypeMix needs {world.Types.Count} non-negative shares with a positive sum.", nameof(options));
        }

        return mix.Select(m => m / mix.Sum()).ToArray();
    }

    private static long Cents(Rng random, UserType type) =>
        Math.Max(1, (long)Math.Ceiling(Randomness.GammaShape2(random, type.MeanPurchaseAmount / 2) * 100));

    /// <summary>Sites spell the same page many ways; the spelling is drawn independently of the visitor's type.</summary>
    private static string RawPage(Rng random, int page, Product? product, string? category)
    {
        var variant = random.Next(10);
        return (PageType)page switch
        {
            PageType.Home => variant < 8 ? "/" : variant == 8 ? "/index.html" : "https://shop.example.com/",
            PageType.Search => (variant < 7 ? "/search?q=" : "/s?k=") + Uri.EscapeDataString(SearchTerms[random.Next(SearchTerms.Length)]),
            PageType.Category => (variant < 7 ? "/category/" : "/c/") + category,
            PageType.Product => variant < 6 ? $"/product/{product!.ProductId}" : variant < 9 ? $"/p/{product!.ProductId}" : $"https://shop.example.com/products/{product!.ProductId}?ref=rec",
            PageType.Cart => variant < 8 ? "/cart" : "/basket",
            PageType.Checkout => variant < 7 ? "/checkout" : "/checkout/payment",
            PageType.Account => variant < 6 ? "/account" : "/login",
            PageType.Help => variant < 7 ? "/help" : "/faq",
            _ => "/",
        };
    }
}
