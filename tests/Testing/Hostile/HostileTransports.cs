using System.Globalization;
using System.Text;

namespace DaprPredictor.Testing.Hostile;

/// <summary>The HTTP-level hostile requests, each built around an entry's valid body.</summary>
public static class HostileTransports
{
    /// <summary>
    /// The grace period the hosts under test get for slow bodies (RequestLimits:BodyGracePeriod), so that a stalled
    /// body is refused within seconds.
    /// </summary>
    public static readonly TimeSpan BodyGracePeriod = TimeSpan.FromSeconds(2);

    public static IReadOnlyList<HostileTransport> All { get; } = Build();

    public static HostileTransport Named(string name) => All.Single(c => c.Name == name);

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    /// <summary>Cases for an entry that has a body; subscription routes skip the content-type cases.</summary>
    public static IEnumerable<string> For(bool subscription) => All.Where(c => !subscription || !c.RequestsOnly).Select(c => c.Name);

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static string Length(int length) => "Content-Length: " + length.ToString(CultureInfo.InvariantCulture);

    private static byte[] Chunked(HostileTransport.Target t, params string[] more) =>
        RawHttp.Head("POST", t.Path, ["Content-Type: " + t.ContentType, "Transfer-Encoding: chunked", "Connection: close", .. more]);

    private static RawHttp.Request Once(byte[] bytes, bool halfClose = false) => RawHttp.Request.Of(bytes, halfClose);

    private static IReadOnlyList<HostileTransport> Build() =>
    [
        new("a chunked body with no length", null, t => Once([.. Chunked(t), .. RawHttp.Chunk(t.Body[..(t.Body.Length / 2)]), .. RawHttp.Chunk(t.Body[(t.Body.Length / 2)..]), .. "0\r\n\r\n"u8])),
        new("a body sent in three slow pieces", null, t => new(
        [
            (TimeSpan.Zero, [.. RawHttp.Post(t.Path, t.Body, t.ContentType)[..^t.Body.Length], .. t.Body[..10]]),
            (TimeSpan.FromMilliseconds(300), t.Body[10..20]),
            (TimeSpan.FromMilliseconds(300), t.Body[20..]),
        ])),
        new("Expect: 100-continue", null, t => Once(RawHttp.Post(t.Path, t.Body, t.ContentType, "Expect: 100-continue"))),
        new("a chunk size that is not hexadecimal", 400, t => Once([.. Chunked(t), .. "zz\r\n"u8, .. t.Body, .. "\r\n0\r\n\r\n"u8]), SubscriptionReason: HostileEvents.InvalidCloudEvent),
        new("a chunk longer than its size", 400, t => Once([.. Chunked(t), .. "5\r\n"u8, .. t.Body, .. "\r\n0\r\n\r\n"u8]), SubscriptionReason: HostileEvents.InvalidCloudEvent),
        new("a chunked body cut off before its last chunk", 400, t => Once([.. Chunked(t), .. RawHttp.Chunk(t.Body[..10])], halfClose: true), Abandoned: true),
        new("a Content-Length larger than the body, then the end of the stream", 400,
            t => Once([.. RawHttp.Head("POST", t.Path, ["Content-Type: " + t.ContentType, Length(t.Body.Length + 100), "Connection: close"]), .. t.Body], halfClose: true),
            Abandoned: true),
        new("a Content-Length larger than the body, then silence", 408,
            t => Once([.. RawHttp.Head("POST", t.Path, ["Content-Type: " + t.ContentType, Length(t.Body.Length + 100), "Connection: close"]), .. t.Body]),
            SubscriptionReason: HostileEvents.InvalidCloudEvent),
        new("a body that trickles two bytes a second", 408, t => new(
        [
            (TimeSpan.Zero, RawHttp.Post(t.Path, t.Body, t.ContentType)[..^t.Body.Length]),
            .. t.Body.Take(12).Select(b => (TimeSpan.FromMilliseconds(500), new[] { b })),
        ]), SubscriptionReason: HostileEvents.InvalidCloudEvent),
        new("a Content-Length of 10 GB", 413, t => Once(RawHttp.Head("POST", t.Path, ["Content-Type: " + t.ContentType, "Content-Length: 10737418240", "Connection: close"])),
            SubscriptionReason: HostileEvents.PayloadTooLarge),
        new("64 KB of headers", 431, t => Once(RawHttp.Post(t.Path, t.Body, t.ContentType, "X-Padding: " + new string('a', 64 * 1024))), ByServer: true),
        new("1,000 headers", 431, t => Once(RawHttp.Post(t.Path, t.Body, t.ContentType, [.. Enumerable.Range(0, 1_000).Select(i => $"X-H{i}: {i}")])), ByServer: true),
        new("a request line of 16 KB", 414, t => Once(RawHttp.Post(t.Path + "?x=" + new string('q', 16 * 1024), t.Body, t.ContentType)), ByServer: true),
        new("a negative Content-Length", 400, t => Once([.. RawHttp.Head("POST", t.Path, ["Content-Type: " + t.ContentType, "Content-Length: -1", "Connection: close"]), .. t.Body]), ByServer: true),
        new("two different Content-Lengths", 400,
            t => Once([.. RawHttp.Head("POST", t.Path, ["Content-Type: " + t.ContentType, Length(t.Body.Length), Length(t.Body.Length + 1), "Connection: close"]), .. t.Body]), ByServer: true),
        new("a transfer coding other than chunked", 400,
            t => Once([.. RawHttp.Head("POST", t.Path, ["Content-Type: " + t.ContentType, "Transfer-Encoding: gzip", "Connection: close"]), .. t.Body]), ByServer: true),
        new("a body of text/plain", 415, t => Once(RawHttp.Post(t.Path, t.Body, "text/plain")), RequestsOnly: true),
        new("a body without a content type", 415, t => Once(RawHttp.Post(t.Path, t.Body, contentType: null)), RequestsOnly: true),
        new("JSON in a charset other than UTF-8", 415, t => Once(RawHttp.Post(t.Path, t.Body, "application/json; charset=iso-8859-1")), RequestsOnly: true),
        new("a content type that does not parse", 415, t => Once(RawHttp.Post(t.Path, t.Body, "application/json; ===")), RequestsOnly: true),
        new("JSON of a +json media type", null, t => Once(RawHttp.Post(t.Path, t.Body, "application/vnd.daprpredictor+json")), RequestsOnly: true),
    ];
}
