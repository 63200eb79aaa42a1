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

    public static TheoryData<string> BatchTransports => [.. HostileTransports.Names];

    public static TheoryData<string> Batches => [.. HostileFeatureBatches.Names];

    /// <summary>The query value as offline-features reads it from a query string ('+' is a space), to send the same text in a batch body.</summary>
    private static string Decoded(string encoded) => Uri.UnescapeDataString(encoded.Replace('+', ' '));

    /// <summary>A batch whose pair 1 carries the hostile value, between two valid pairs.</summary>
    private static byte[] BatchWith(string userIdJson, string asOfJson) => System.Text.Encoding.UTF8.GetBytes(
        HostileFeatureBatches.Request(HostileFeatureBatches.Pair(), $$"""{"userId":{{userIdJson}},"asOf":{{asOfJson}}}""", HostileFeatureBatches.Pair("u-2")));

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

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

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task HostileUserIdsInABatchAreRefusedNamingTheirPairOrLookedUp(string name)
    {
        var id = HostileIds.Named(name);
        using var app = new OfflineFeaturesApp(new() { ["environment"] = "Production" });
        using var client = app.CreateClient();

        using var response = await client.PostAsync(UserFeatures.OfflineFeaturesApi.BatchRoute, JsonBody.Of(BatchWith(Json(Decoded(id.Encoded)), Json(ValidAsOf))));

        if (id.Reason is not null) await HostileAssert.ProblemAsync(response, 400, reason: id.Reason, mentions: "pairs[1]");
        else Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await StillAnswersAsync(client);
    }

    [Theory]
    [MemberData(nameof(AsOfs))]
    public async Task HostileAsOfTimesInABatchAreRefusedNamingTheirPair(string name)
    {
        var asOf = HostileAsOf.Named(name);
        using var app = new OfflineFeaturesApp(new() { ["environment"] = "Production" });
        using var client = app.CreateClient();
        // Given twice is a member given twice in JSON; every other case is its text as the GET reads it.
        var body = asOf.Reason == "repeated-parameter"
            ? System.Text.Encoding.UTF8.GetBytes(HostileFeatureBatches.Request(HostileFeatureBatches.Pair(), """{"userId":"u-1","asOf":"2026-03-01T12:00:00Z","asOf":"2026-03-02T12:00:00Z"}"""))
            : BatchWith(Json("u-1"), Json(Decoded(asOf.Encoded)));

        using var response = await client.PostAsync(UserFeatures.OfflineFeaturesApi.BatchRoute, JsonBody.Of(body));

        if (asOf.Valid) Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        else await HostileAssert.ProblemAsync(response, 400, reason: asOf.Reason, mentions: "pairs[1].asOf");
        await StillAnswersAsync(client);
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public async Task HostileBatchBodiesAreAnsweredWithAProblemNamingThem(string name)
    {
        var hostile = HostileFeatureBatches.Named(name);
        using var app = new OfflineFeaturesApp(new() { ["environment"] = "Production" });
        using var client = app.CreateClient();
        using var content = new ByteArrayContent(hostile.Build());
        if (hostile.ContentType is { } type) content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);

        using var response = await client.PostAsync(UserFeatures.OfflineFeaturesApi.BatchRoute, content);

        await HostileAssert.ProblemAsync(response, hostile.Status, mentions: hostile.Mentions);
        Assert.Empty(app.Dapr.BindingRequests);
        await StillAnswersAsync(client);
    }

    [Theory]
    [MemberData(nameof(BatchTransports))]
    public async Task HostileBatchRequestsOnTheWireAreAnsweredWithAProblemAndTheServiceGoesOnAnswering(string name)
    {
        var hostile = HostileTransports.Named(name);
        using var app = new OfflineFeaturesApp(new() { ["environment"] = "Production", ["RequestLimits:BodyGracePeriod"] = HostileTransports.BodyGracePeriod.ToString() });
        app.UseKestrel(0);
        app.StartServer();
        var address = HostileAssert.Address(app.Services);
        var valid = System.Text.Encoding.UTF8.GetBytes(HostileFeatureBatches.Request(HostileFeatureBatches.Pair(), HostileFeatureBatches.Pair("u-2")));

        var response = await RawHttp.SendAsync(address, hostile.Build(new HostileTransport.Target(UserFeatures.OfflineFeaturesApi.BatchRoute, valid, "application/json")));

        if (hostile.Status is not { } status) Assert.True(response.Status == 200, $"a valid request: {response}");
        else if (hostile.Abandoned) HostileAssert.Abandoned(response);
        else if (hostile.ByServer) HostileAssert.RefusedByServer(response, status);
        else HostileAssert.Problem(response, status);

        var next = await RawHttp.SendAsync(address, RawHttp.Request.Of(RawHttp.Post(UserFeatures.OfflineFeaturesApi.BatchRoute, valid)));
        Assert.True(next.Status == 200, $"a valid request after the case: {next}");
    }

    /// <summary>In Production a failing binding is a 503 naming the binding, not the error below it (gRPC status, socket error, stack).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AFailingBindingCallInProductionNamesTheBindingButNotTheErrorBelowIt(bool batch)
    {
        using var app = new OfflineFeaturesApp(new() { ["environment"] = "Production" });
        app.Dapr.Fail = op => op.StartsWith("binding:", StringComparison.Ordinal) ? FakeDaprd.DaprdFailures.Unavailable : null;

        var (status, problem) = batch
            ? await app.PostProblemAsync(HostileFeatureBatches.Request(HostileFeatureBatches.Pair()))
            : await app.GetProblemAsync(PathFor("u-1", ValidAsOf));

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
