using System.Text.Json;
using Dapr.Client;
using DaprPredictor.Contracts;
using DaprPredictor.Dapr.Invocation;
using DaprPredictor.OfflineFeatures.OfflineStore;

namespace DaprPredictor.OfflineFeatures.Tests;

/// <summary>
/// The feature extractor's call of offline-features, end to end through the invoke URL: the real
/// <see cref="OfflineFeaturesClient"/> on <see cref="DaprClient.CreateInvokeHttpClient"/>, a stand-in for its sidecar's
/// HTTP endpoint that forwards as daprd does, and the real offline-features host behind it.
/// </summary>
public sealed class InvocationTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
    private const string EncodedAsOf = "2026-01-10T00%3A00%3A00.0000000%2B00%3A00";

    /// <summary>Ids with every character that has a meaning in a URL, and the query-string encoding the sidecar must receive.</summary>
    public static TheoryData<string, string> ReservedCharacterIds() => new()
    {
        { "u-0000042", "u-0000042" },
        { "a/b", "a%2Fb" },
        { "a?b", "a%3Fb" },
        { "a#b", "a%23b" },
        { "100%", "100%25" },
        { "a%2Fb", "a%252Fb" },
        { "a&b=c", "a%26b%3Dc" },
        { "a+b", "a%2Bb" },
        { "a;b,c", "a%3Bb%2Cc" },
        { "..", ".." },
        { "../admin", "..%2Fadmin" },
        { ".", "." },
        { "ü-用户-😀", "%C3%BC-%E7%94%A8%E6%88%B7-%F0%9F%98%80" },
    };

    // Dapr 1.14–1.18 alike: the query string is forwarded unchanged on every version, and the path, which 1.18 decodes,
    // is the constant "features".
    [Theory]
    [MemberData(nameof(ReservedCharacterIds))]
    public async Task AUserIdWithReservedCharactersReachesOfflineFeaturesIntactThroughTheSidecar(string userId, string encoded)
    {
        await using var app = new OfflineFeaturesApp();
        using var sidecar = new InvokingSidecar(Topology.OfflineFeaturesAppId, app.CreateClient());
        var client = new OfflineFeaturesClient(DaprClient.CreateInvokeHttpClient(Topology.OfflineFeaturesAppId, sidecar.Url));

        var features = await client.GetAsync(userId, AsOf, CancellationToken.None);

        Assert.Equal($"/v1.0/invoke/offline-features/method/features?userId={encoded}&asOf={EncodedAsOf}", Assert.Single(sidecar.Received));
        Assert.Equal($"/features?userId={encoded}&asOf={EncodedAsOf}", Assert.Single(sidecar.Forwarded));
        var query = Assert.Single(app.Dapr.BindingRequests);
        Assert.Equal(PurchaseSummaryQuery.Parameters(userId, AsOf), JsonSerializer.Deserialize<string[]>(query.Metadata["params"]));
        Assert.Equal((userId, AsOf), (features.UserId, features.AsOf));
    }

    [Fact]
    public async Task AUserIdWithASpaceArrivesIntactAndIsRefusedWithTheCleaningReason()
    {
        await using var app = new OfflineFeaturesApp();
        using var sidecar = new InvokingSidecar(Topology.OfflineFeaturesAppId, app.CreateClient());
        var client = new OfflineFeaturesClient(DaprClient.CreateInvokeHttpClient(Topology.OfflineFeaturesAppId, sidecar.Url));

        var failure = await Assert.ThrowsAsync<InvocationFailedException>(async () => await client.GetAsync("a b", AsOf, CancellationToken.None));

        Assert.Equal($"/v1.0/invoke/offline-features/method/features?userId=a%20b&asOf={EncodedAsOf}", Assert.Single(sidecar.Received));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, failure.StatusCode);
        Assert.Contains("invalid-id-characters", failure.Message, StringComparison.Ordinal);
        Assert.Empty(app.Dapr.BindingRequests);
    }

    [Fact]
    public async Task AnUnreachableAppIsTheSidecarsDirectInvokeErrorAndTheCallThrows()
    {
        using var unreachable = new HttpClient(new UnreachableHandler()) { BaseAddress = new Uri("http://127.0.0.1:9") };
        using var sidecar = new InvokingSidecar(Topology.OfflineFeaturesAppId, unreachable);
        var client = new OfflineFeaturesClient(DaprClient.CreateInvokeHttpClient(Topology.OfflineFeaturesAppId, sidecar.Url));

        var failure = await Assert.ThrowsAsync<InvocationFailedException>(async () => await client.GetAsync("u-1", AsOf, CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, failure.StatusCode);
        Assert.Contains("ERR_DIRECT_INVOKE", failure.Message, StringComparison.Ordinal);
    }

    private sealed class UnreachableHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("connection refused");
    }
}
