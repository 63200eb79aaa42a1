using System.Globalization;

namespace DaprPredictor.Synthetic.PublicFormats;

/// <summary>
/// Synthetic files shaped like the public datasets the importer reads (REES46, RetailRocket events.csv), for
/// benchmarks and tests: no dataset is downloaded or shipped. Lines come in event-time order, generated as a stream
/// (memory follows the sessions open at once, not the file): sessions arrive at random over the period, from a pool of
/// users some of whom come back often; a session views products (prices by category), carts some, sometimes removes
/// one, and sometimes buys what is in the cart, more often for users who bought before. Ids, prices, categories and
/// brands look like the real files' (numeric ids, dotted category codes, some left empty), so a line has a realistic
/// length and a converter does realistic work.
/// </summary>
public static class PublicFormatGenerator
{
    public const string Rees46Header = "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";
    public const string RetailRocketHeader = "timestamp,visitorid,event,itemid,transactionid";

    private const int Products = 50_000;
    private const int Categories = 400;

    private static readonly string[] Departments = ["electronics", "appliances", "computers", "apparel", "furniture", "kids", "sport", "construction", "auto", "accessories"];
    private static readonly string[] Kinds = ["smartphone", "kitchen.refrigerators", "notebook", "shoes", "living_room.sofa", "toys", "bicycle", "tools.drill", "accessories.videoregister", "bag", "audio.headphone", "environment.vacuum"];
    private static readonly string[] Brands = ["samsung", "apple", "xiaomi", "huawei", "lucente", "bosch", "lg", "sony", "respect", "cordiant", "lenovo", "acer"];

    /// <summary>The header, then the rows: <c>2019-10-01 00:00:00 UTC,view,1004856,2053013555631882655,electronics.smartphone,samsung,130.76,543272936,8187d148-…</c>.</summary>
    public static IEnumerable<string> Rees46(PublicFormatOptions options)
    {
        yield return Rees46Header;
        foreach (var a in Actions(options, withRemovals: true))
        {
            var category = CategoryOf(a.Product);
            var type = a.Kind switch { ActionKind.View => "view", ActionKind.Cart => "cart", ActionKind.Remove => "remove_from_cart", _ => "purchase" };
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{new DateTime(a.Ticks - a.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc):yyyy-MM-dd HH:mm:ss} UTC,{type},{1_000_000 + a.Product},{2_053_013_552_000_000_000L + category * 7_919L},{CategoryCode(category)},{BrandOf(a.Product)},{PriceCents(a.Product) / 100m:0.00},{510_000_000 + a.User * 7},{a.Session}");
        }
    }

    /// <summary>The header, then the rows: <c>1433221332117,257597,view,355908,</c>; a transaction row carries its order's id.</summary>
    public static IEnumerable<string> RetailRocket(PublicFormatOptions options)
    {
        yield return RetailRocketHeader;
        foreach (var a in Actions(options, withRemovals: false))
        {
            var milliseconds = (a.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
            var type = a.Kind switch { ActionKind.View => "view", ActionKind.Cart => "addtocart", _ => "transaction" };
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{milliseconds},{a.User},{type},{a.Product},{(a.Kind == ActionKind.Purchase ? a.Order.ToString(CultureInfo.InvariantCulture) : "")}");
        }
    }

    private enum ActionKind
    {
        View,
        Cart,
        Remove,
        Purchase,
    }

    private readonly record struct Action(long Ticks, int User, string Session, ActionKind Kind, int Product, long Order);

    private sealed class Visit(int user, string session, double propensity)
    {
        public int User { get; } = user;

        public string Session { get; } = session;

        public double Propensity { get; } = propensity;

        public List<int> Cart { get; } = [];

        /// <summary>A product viewed last step that goes into the cart on this one (a few seconds later).</summary>
        public int? Carting { get; set; }

        public int Steps { get; set; }
    }

    private static IEnumerable<Action> Actions(PublicFormatOptions options, bool withRemovals)
    {
        var random = Rng.Stream(options.Seed, 0, salt: 77);
        var users = options.Users ?? (int)Math.Max(100, options.Rows / 12);
        var purchasesSoFar = new Dictionary<int, int>();
        var open = new PriorityQueue<Visit, long>();
        var periodTicks = (long)options.Days * TimeSpan.TicksPerDay;
        var meanArrivalTicks = periodTicks / Math.Max(1.0, options.Rows / 9.0); // about 9 rows a visit
        var nextArrival = options.Start.UtcTicks;
        long written = 0;
        long orders = 0;

        while (written < options.Rows)
        {
            if (open.TryPeek(out var due, out var dueAt) && dueAt <= nextArrival)
            {
                open.Dequeue();
                foreach (var action in Step(due, dueAt))
                {
                    if (written++ >= options.Rows) yield break;
                    yield return action;
                }

                continue;
            }

            // A new visit: a user from a skewed pool (a fifth of the users make most visits), a session id like REES46's.
            var user = (int)(users * Math.Pow(random.NextDouble(), 2.5));
            var bought = purchasesSoFar.GetValueOrDefault(user);
            var propensity = Math.Min(0.9, 0.05 + 0.3 * ((uint)(user * 2_654_435_761u) / (double)uint.MaxValue) + 0.1 * bought);
            open.Enqueue(new Visit(user, Randomness.Uuid(random).ToString(), propensity), nextArrival);
            nextArrival += (long)Randomness.Exponential(random, meanArrivalTicks) + 1;
        }

        IEnumerable<Action> Step(Visit visit, long at)
        {
            visit.Steps++;
            if (visit.Carting is { } carted)
            {
                visit.Carting = null;
                visit.Cart.Add(carted);
                yield return new Action(at, visit.User, visit.Session, ActionKind.Cart, carted, 0);
                open.Enqueue(visit, at + (long)Randomness.Exponential(random, 30 * TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond);
                yield break;
            }

            var u = random.NextDouble();
            if (visit.Cart.Count > 0 && u < visit.Propensity * 0.25)
            {
                // Checkout: every carted product, one row each, in the same second; the visit usually ends there.
                orders++;
                purchasesSoFar[visit.User] = purchasesSoFar.GetValueOrDefault(visit.User) + 1;
                foreach (var product in visit.Cart) yield return new Action(at, visit.User, visit.Session, ActionKind.Purchase, product, orders);
                visit.Cart.Clear();
                if (random.NextDouble() < 0.7) yield break;
            }
            else if (withRemovals && visit.Cart.Count > 0 && u > 0.97)
            {
                yield return new Action(at, visit.User, visit.Session, ActionKind.Remove, visit.Cart[^1], 0);
                visit.Cart.RemoveAt(visit.Cart.Count - 1);
            }
            else
            {
                var product = ProductOf(random);
                yield return new Action(at, visit.User, visit.Session, ActionKind.View, product, 0);
                if (random.NextDouble() < 0.04 + 0.12 * visit.Propensity)
                {
                    visit.Carting = product;
                    open.Enqueue(visit, at + TimeSpan.TicksPerSecond * (2 + random.Next(20)));
                    yield break;
                }
            }

            if (visit.Steps > 60 || random.NextDouble() < 0.12) yield break;

            // Mostly tens of seconds between pages; now and then a pause long enough that our window starts a new session.
            var gap = random.NextDouble() < 0.03 ? TimeSpan.FromMinutes(35 + random.Next(120)).Ticks : (long)Randomness.Exponential(random, 40 * TimeSpan.TicksPerSecond);
            open.Enqueue(visit, at + TimeSpan.TicksPerSecond * 25 + gap);
        }
    }

    /// <summary>Popular products are viewed far more often (about a Zipf law), as in a real catalog.</summary>
    private static int ProductOf(Rng random) => (int)(Products * Math.Pow(random.NextDouble(), 3));

    private static int CategoryOf(int product) => (int)((uint)(product * 2_246_822_519u) % Categories);

    private static string CategoryCode(int category) =>
        category % 10 < 3 ? "" : $"{Departments[category % Departments.Length]}.{Kinds[category / Departments.Length % Kinds.Length]}";

    private static string BrandOf(int product) => product % 7 == 0 ? "" : Brands[(int)((uint)(product * 3_266_489_917u) % Brands.Length)];

    /// <summary>Log-uniform-ish from about 2 to 2,000, fixed per product.</summary>
    private static long PriceCents(int product)
    {
        var x = (uint)(product * 668_265_263u) / (double)uint.MaxValue;
        return 199 + (long)(Math.Pow(1_000, x) * 200) - 200 + CategoryOf(product) % 100;
    }
}
