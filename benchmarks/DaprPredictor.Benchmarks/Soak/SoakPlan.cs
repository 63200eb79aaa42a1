using System.Net;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Benchmarks.Infrastructure;

namespace DaprPredictor.Benchmarks.Soak;

/// <summary>What request i of the soak is: which entry, and which fate the pipeline must give its event.</summary>
internal enum SoakKind
{
    /// <summary>A new page view: scored.</summary>
    Normal,

    /// <summary>The user's previous page view sent again (same event id): counted as a duplicate.</summary>
    Duplicate,

    /// <summary>A page view without a user id: dead-lettered (POST /events) or answered 400 (POST /predict).</summary>
    Invalid,
}

/// <summary>
/// The soak's stream, decided by the request index alone so that any request can be built on any thread when it is
/// due: <paramref name="Users"/> users in turn (one event each every Users / rate seconds, so a user's events never
/// overlap), a new session every five page views (home, category, two products, cart), timestamps of the moment the
/// request is built, a share of duplicates and invalid events, and a share sent to POST /predict instead of POST /events.
/// </summary>
internal sealed record SoakPlan(int Users, double PredictShare, double DuplicateShare, double InvalidShare)
{
    public SoakKind Kind(long i)
    {
        var draw = Unit(i, 1);
        if (draw < InvalidShare) return SoakKind.Invalid;
        // A duplicate needs an earlier event of the user that reached the window: the previous one was not invalid
        // (a normal one, or a duplicate, which itself repeats a normal one).
        return draw < InvalidShare + DuplicateShare && i >= Users && Unit(i - Users, 1) >= InvalidShare ? SoakKind.Duplicate : SoakKind.Normal;
    }

    public bool ToPredict(long i) => Unit(i, 2) < PredictShare;

    /// <summary>The normal request whose event id a duplicate repeats: the user's last normal one before it.</summary>
    public long Origin(long i)
    {
        var j = i - Users;
        while (Kind(j) == SoakKind.Duplicate) j -= Users;
        return j;
    }

    public byte[] Request(IPEndPoint endpoint, long i)
    {
        var kind = Kind(i);
        var user = i % Users;
        var visit = i / Users;
        var id = kind == SoakKind.Duplicate ? Origin(i) : i;
        var step = (int)(visit % 5);
        var product = $"p-{(user * 7 + visit) % 500:D5}";
        var page = step switch
        {
            0 => "/",
            1 => "/category/shoes",
            2 or 3 => "/product/" + product,
            _ => "/cart",
        };
        var e = new PageViewEvent(
            $"soak-{id}",
            kind == SoakKind.Invalid ? null : $"u-{user:D7}",
            $"s-{user}-{visit / 5}",
            page,
            Rfc3339.Format(DateTimeOffset.UtcNow),
            step is 2 or 3 ? product : null,
            "shoes",
            step is 2 or 3 ? 20 + (user % 50) : null);
        return LoopbackConnection.PostJson(endpoint, ToPredict(i) ? "/predict" : "/events", PageViewJson.Serialize(e));
    }

    /// <summary>Whether the answer is the one the plan expects (a duplicate through /predict may be 200 or 409).</summary>
    public bool Expected(long i, int status) => (ToPredict(i), Kind(i)) switch
    {
        (false, _) => status == 202,
        (true, SoakKind.Normal) => status == 200,
        (true, SoakKind.Duplicate) => status is 200 or 409,
        (true, SoakKind.Invalid) => status == 400,
        _ => false,
    };

    /// <summary>A fixed pseudo-random number in [0, 1) per request and purpose (SplitMix64).</summary>
    private static double Unit(long i, int purpose)
    {
        var z = unchecked((ulong)i * 0x9E3779B97F4A7C15UL + (ulong)purpose * 0xD1B54A32D192ED03UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (z ^ (z >> 31)) / (double)ulong.MaxValue;
    }
}
