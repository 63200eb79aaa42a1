using System.Text;

namespace DaprPredictor.ModelTraining.Tests.Import;

/// <summary>
/// A small REES46 file written by hand: two users whose sessions, purchases and features are worked out in the tests,
/// and one row of every kind of bad row the format can have.
/// </summary>
public static class Rees46Sample
{
    public const string Header = "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";

    /// <summary>User 1001: session a buys two products at 10:02 (one item row repeated verbatim), b only looks (a view repeated verbatim), c buys at its first second.</summary>
    public static readonly string[] User1001 =
    [
        "2019-10-01 10:00:00 UTC,view,101,2053013555631882655,electronics.smartphone,samsung,100.00,1001,sess-a",
        "2019-10-01 10:01:00 UTC,cart,101,2053013555631882655,electronics.smartphone,samsung,100.00,1001,sess-a",
        "2019-10-01 10:02:00 UTC,purchase,101,2053013555631882655,electronics.smartphone,samsung,100.00,1001,sess-a",
        "2019-10-01 10:02:00 UTC,purchase,102,2053013555631882656,,apple,50.00,1001,sess-a",
        "2019-10-01 10:02:00 UTC,purchase,102,2053013555631882656,,apple,50.00,1001,sess-a",
        "2019-10-02 09:00:00 UTC,view,103,2053013555631882657,,,20.00,1001,sess-b",
        "2019-10-02 09:00:00 UTC,view,103,2053013555631882657,,,20.00,1001,sess-b",
        "2019-10-02 09:05:00 UTC,remove_from_cart,101,2053013555631882655,electronics.smartphone,samsung,100.00,1001,sess-b",
        "2019-10-03 12:00:00 UTC,view,104,2053013555631882658,,,10.00,1001,sess-c",
        "2019-10-03 12:00:00 UTC,purchase,104,2053013555631882658,,,10.00,1001,sess-c",
        "2019-10-03 12:10:00 UTC,view,105,2053013555631882659,\"caf\u00e9 & \"\"bar\"\", <kids>\",lego,5.50,1001,sess-c",
    ];

    /// <summary>User 2002: one user_session with a 40-minute pause, which the window rules cut into two sessions.</summary>
    public static readonly string[] User2002 =
    [
        "2019-10-01 11:00:00 UTC,view,201,2053013555631882660,,,30.00,2002,sess-x",
        "2019-10-01 11:40:00 UTC,view,202,2053013555631882661,,,40.00,2002,sess-x",
    ];

    /// <summary>One row per bad-row reason a REES46 file can produce while it is read, with that reason's code.</summary>
    public static readonly (string Code, string Line)[] BadRows =
    [
        ("unparsable-time", "2019-10-01 25:00:00 UTC,view,1,2,,,1.00,3003,s"),
        ("unparsable-time", "2019/10/01 10:00:00,view,1,2,,,1.00,3003,s"),
        ("unknown-event-type", "2019-10-01 10:00:00 UTC,wishlist,1,2,,,1.00,3003,s"),
        ("missing-user", "2019-10-01 10:00:00 UTC,view,1,2,,,1.00,,s"),
        ("invalid-user", "2019-10-01 10:00:00 UTC,view,1,2,,,1.00,30 03,s"),
        ("missing-session", "2019-10-01 10:00:00 UTC,view,1,2,,,1.00,3003,"),
        ("negative-price", "2019-10-01 10:00:00 UTC,view,1,2,,,-5.00,3003,s"),
        ("unparsable-price", "2019-10-01 10:00:00 UTC,view,1,2,,,abc,3003,s"),
        ("wrong-column-count", "2019-10-01 10:00:00 UTC,view,1"),
        ("malformed-quotes", "2019-10-01 10:00:00 UTC,view,1,2,\"electronics,,1.00,3003,s"),
        ("row-too-long", "2019-10-01 10:00:00 UTC,view,1,2," + new string('x', 20_000) + ",,1.00,3003,s"),
    ];

    /// <summary>Bytes that are not UTF-8, in a row otherwise good.</summary>
    public static readonly byte[] InvalidUtf8Row = [.. Encoding.ASCII.GetBytes("2019-10-01 10:00:00 UTC,view,1,2,"), 0xC3, 0x28, .. Encoding.ASCII.GetBytes(",,1.00,3003,s")];

    public static byte[] File()
    {
        var text = new StringBuilder();
        text.Append(Header).Append("\r\n"); // CRLF too: both line endings are read
        foreach (var line in User1001.Take(6)) text.Append(line).Append('\n');
        foreach (var (_, line) in BadRows) text.Append(line).Append('\n');
        text.Append('\n'); // a blank line is not a row
        foreach (var line in User1001.Skip(6).Concat(User2002)) text.Append(line).Append('\n');
        return [.. Encoding.UTF8.GetBytes(text.ToString()), .. InvalidUtf8Row, (byte)'\n'];
    }

    /// <summary>Good rows (page views and purchase rows) and the bad ones, as the report should count them.</summary>
    public static int DataRows => User1001.Length + User2002.Length + BadRows.Length + 1;
}
