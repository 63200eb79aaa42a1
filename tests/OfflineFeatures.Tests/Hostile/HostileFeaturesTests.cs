using System.Net;
using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.OfflineFeatures.Tests.Hostile;

/// <summary>
/// offline-features' <c>GET</c> under attack: hostile user ids and as-of times get a 400 ProblemDetails naming the
/// parameter and the reason, acceptable ones are looked up (no purchases here: cold-start features), and the service
/// goes on answering. The route is one constant, so the corpus follows it wherever the user id travels.
/// </summary>
public class HostileFeaturesTests
{
    /// <summary>The one place the route lives in these tests: <c>{userId}</c> and <c>{asOf}</c> are replaced, already encoded.</summary>
    public const string Route = "/features?userId={userId}&asOf={asOf}";

    private const string ValidAsOf = "2026-03-01T12:00:00Z";

    public static TheoryData<string> Ids => [.. HostileIds.Names];

    public static TheoryData<string> AsOfs => [.. HostileAsOf.Names];

    public static TheoryData<string> Transports => [.. HostileTransports.All.Where(t => t.ByServer).Select(t => t.Name)];

    public static string PathFor(string encodedUserId, string encodedAsOf) => Route.Replace("{userId}", encodedUserId, StringComparison.Ordinal).Replace("{asOf}", encodedAsOf, StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task HostileUserIdsAreRefusedWithTheirReasonAndTheOthersLookedUp(string name)
    {
        var id = HostileIds.Named(name);
        using var app = new OfflineFeaturesApp(new() { ["environment"] = "Production" });
        using var client = app.CreateClient();

        using var response = await client.GetAsync(PathFor(id.Encoded, ValidAsOf));

        if (id.Reason is not null) await HostileAssert.ProblemAsync(response, 400, reason: id.Reason);
        else Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (response.StatusCode == HttpStatusCode.NotFound) await HostileAssert.ProblemAsync(response, 404);
        await StillAnswersAsync(client);
    }

    [Theory]
    [MemberData(nameof(AsOfs))]
    public async Task HostileAsOfTimesAreRefusedNamingTheParameter(string name)
    {
        var asOf = HostileAsOf.Named(name);
        using var app = new OfflineFeaturesApp(new() { ["environment"] = "Production" });
        using var client = app.CreateClient();

        using var response = await client.GetAsync(PathFor("u-1", asOf.Encoded));

        if (asOf.Valid) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        else await HostileAssert.ProblemAsync(response, 400, reason: asOf.Reason, mentions: "asOf");
        await StillAnswersAsync(client);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task OversizedRequestHeadsAreRefusedByTheServerAndTheServiceGoesOnAnswering(string name)
    {
        var hostile = HostileTransports.Named(name);
        using var app = new OfflineFeaturesApp(new() { ["environment"] = "Production" });
        app.UseKestrel(0);
        app.StartServer();
        var address = HostileAssert.Address(app.Services);
        var get = PathFor("u-1", ValidAsOf);

        var request = hostile.Build(new HostileTransport.Target(get, [], "application/json"));
        var response = await RawHttp.SendAsync(address, new RawHttp.Request([(TimeSpan.Zero, System.Text.Encoding.ASCII.GetBytes(System.Text.Encoding.ASCII.GetString(request.Pieces[0].Bytes).Replace("POST ", "GET ", StringComparison.Ordinal)))]));

        HostileAssert.RefusedByServer(response, hostile.Status!.Value);
        var next = await RawHttp.SendAsync(address, RawHttp.Request.Of(RawHttp.Head("GET", get, ["Connection: close"])));
        Assert.True(next.Status == 200, $"a valid request after the case: {next}");
    }

    /// <summary>In Production a failing binding is a 503 naming the binding, not the error below it (gRPC status, socket error, stack).</summary>
    [Fact]
    public async Task AFailingBindingCallInProductionNamesTheBindingButNotTheErrorBelowIt()
    {
        using var app = new OfflineFeaturesApp(new() { ["environment"] = "Production" });
        app.Dapr.Fail = op => op.StartsWith("binding:", StringComparison.Ordinal) ? FakeDaprd.DaprdFailures.Unavailable : null;

        var (status, problem) = await app.GetProblemAsync(PathFor("u-1", ValidAsOf));

        Assert.Equal(503, status);
        Assert.Contains("'purchases-db'", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("connection refused", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", problem.Detail, StringComparison.Ordinal);
    }

    private static async Task StillAnswersAsync(HttpClient client)
    {
        using var response = await client.GetAsync(PathFor("u-after", ValidAsOf));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
