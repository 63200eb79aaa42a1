using System.Text.Json;
using Dapr.Client;
using DaprPredictor.Contracts;
using DaprPredictor.Dapr.Invocation;
using DaprPredictor.FakeDaprd;
using DaprPredictor.FakeDaprd.Hosting;
using DaprPredictor.OfflineFeatures.OfflineStore;

namespace DaprPredictor.OfflineFeatures.Tests;

/// <summary>
/// The feature extractor's call of offline-features, end to end through the invoke URL: the real
/// <see cref="OfflineFeaturesClient"/> on <see cref="DaprClient.CreateInvokeHttpClient"/>, the caller's sidecar (the fake
/// daprd's invoke route, which forwards as daprd does, per Dapr version) and the real offline-features host behind it.
/// </summary>
public sealed class InvocationTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
    private const string EncodedAsOf = "2026-01-10T00%3A00%3A00.0000000%2B00%3A00";

    /// <summary>The versions whose invoke route differs: up to 1.17 the raw path is forwarded, from 1.18 it is decoded and cleaned.</summary>
    private static readonly string[] Versions = ["1.17", "1.18"];

    /// <summary>Ids with every character that has a meaning in a URL, and the query-string encoding the app must receive.</summary>
    private static readonly (string Id, string Encoded)[] Ids =
    [
        ("u-0000042", "u-0000042"),
        ("a/b", "a%2Fb"),
        ("a?b", "a%3Fb"),
        ("a#b", "a%23b"),
        ("100%", "100%25"),
        ("a%2Fb", "a%252Fb"),
        ("a&b=c", "a%26b%3Dc"),
        ("a+b", "a%2Bb"),
        ("a;b,c", "a%3Bb%2Cc"),
        ("..", ".."),
        ("../admin", "..%2Fadmin"),
        (".", "."),
        ("ü-用户-😀", "%C3%BC-%E7%94%A8%E6%88%B7-%F0%9F%98%80"),
    ];

    public static TheoryData<string, string, string> ReservedCharacterIds()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var version in Versions)
        {
            foreach (var (id, encoded) in Ids) data.Add(version, id, encoded);
        }

        return data;
    }

    // The query string is forwarded unchanged on every version (dapr/dapr pkg/channel/http/http_channel.go), and the
    // path, which 1.18 decodes, is the constant "features".
    [Theory]
    [MemberData(nameof(ReservedCharacterIds))]
    public async Task AUserIdWithReservedCharactersReachesOfflineFeaturesIntactThroughTheSidecar(string daprVersion, string userId, string encoded)
    {
        await using var app = new OfflineFeaturesApp();
        await using var sidecar = await CallersSidecarAsync(daprVersion, app);

        var features = await sidecar.Client.GetAsync(userId, AsOf, CancellationToken.None);

        Assert.Equal($"/features?userId={encoded}&asOf={EncodedAsOf}", Assert.Single(sidecar.Forwarded));
        var query = Assert.Single(app.Dapr.BindingRequests);
        Assert.Equal(PurchaseSummaryQuery.Parameters(userId, AsOf), JsonSerializer.Deserialize<string[]>(query.Metadata["params"]));
        Assert.Equal((userId, AsOf), (features.UserId, features.AsOf));
    }

    /// <summary>The bulk path's call: every id of the corpus in one body, one invocation, one query, answered in order.</summary>
    [Theory]
    [InlineData("1.17")]
    [InlineData("1.18")]
    public async Task ABatchOfIdsWithReservedCharactersReachesOfflineFeaturesIntactInOneCall(string daprVersion)
    {
        await using var app = new OfflineFeaturesApp();
        await using var sidecar = await CallersSidecarAsync(daprVersion, app);
        OfflineFeaturesPair[] pairs = [.. Ids.Select((id, i) => new OfflineFeaturesPair(id.Id, AsOf.AddTicks(i)))];

        var features = await sidecar.Client.GetBatchAsync(pairs, CancellationToken.None);

        Assert.Equal("/features/batch", Assert.Single(sidecar.Forwarded));
        var query = Assert.Single(app.Dapr.BindingRequests);
        Assert.Equal(PurchaseSummaryBatchQuery.Parameters(pairs), JsonSerializer.Deserialize<string[]>(query.Metadata["params"]));
        Assert.Equal(pairs.Select(p => (p.UserId, p.AsOf)), features.Select(f => (f.UserId, f.AsOf)));
        Assert.All(features, f => Assert.True(f.Features.ColdStart));
    }

    [Fact]
    public async Task ABatchWithAnIdTheCleaningRefusesFailsWholeNamingThePair()
    {
        await using var app = new OfflineFeaturesApp();
        await using var sidecar = await CallersSidecarAsync("1.18", app);

        var failure = await Assert.ThrowsAsync<InvocationFailedException>(async () => await sidecar.Client.GetBatchAsync([new("u-1", AsOf), new("a b", AsOf)], CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, failure.StatusCode);
        Assert.Contains("pairs[1].userId", failure.Message, StringComparison.Ordinal);
        Assert.Empty(app.Dapr.BindingRequests);
    }

    [Fact]
    public async Task AUserIdWithASpaceArrivesIntactAndIsRefusedWithTheCleaningReason()
    {
        await using var app = new OfflineFeaturesApp();
        await using var sidecar = await CallersSidecarAsync("1.18", app);

        var failure = await Assert.ThrowsAsync<InvocationFailedException>(async () => await sidecar.Client.GetAsync("a b", AsOf, CancellationToken.None));

        Assert.Equal($"/features?userId=a%20b&asOf={EncodedAsOf}", Assert.Single(sidecar.Forwarded));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, failure.StatusCode);
        Assert.Contains("invalid-id-characters", failure.Message, StringComparison.Ordinal);
        Assert.Empty(app.Dapr.BindingRequests);
    }

    [Fact]
    public async Task AnUnreachableAppIsTheSidecarsDirectInvokeErrorAndTheCallThrows()
    {
        await using var sidecar = await CallersSidecarAsync("1.18", app: null);

        var failure = await Assert.ThrowsAsync<InvocationFailedException>(async () => await sidecar.Client.GetAsync("u-1", AsOf, CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, failure.StatusCode);
        Assert.Contains("ERR_DIRECT_INVOKE", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>The feature extractor's sidecar, with offline-features mapped to <paramref name="app"/> (or unreachable when null).</summary>
    private static async Task<CallersSidecar> CallersSidecarAsync(string daprVersion, OfflineFeaturesApp? app)
    {
        var daprd = new Daprd(options: new DaprdOptions { AppId = Topology.FeatureExtractorAppId, RuntimeVersion = Version.Parse(daprVersion) });
        var forwarded = new RecordingHandler(app is null ? new UnreachableHandler() : app.Server.CreateHandler());
        daprd.MapApp(Topology.OfflineFeaturesAppId, forwarded, app?.Server.BaseAddress);
        var host = await DaprdHost.StartAsync(daprd);
        return new CallersSidecar(host, forwarded, new OfflineFeaturesClient(DaprClient.CreateInvokeHttpClient(Topology.OfflineFeaturesAppId, host.HttpEndpoint.ToString())));
    }

    private sealed record CallersSidecar(DaprdHost Host, RecordingHandler Recorder, OfflineFeaturesClient Client) : IAsyncDisposable
    {
        /// <summary>What the sidecar sent the app for each call: path and query.</summary>
        public IReadOnlyList<string> Forwarded => [.. Recorder.Requests];

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    private sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue(request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class UnreachableHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("connection refused");
    }
}
