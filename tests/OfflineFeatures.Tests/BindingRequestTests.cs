using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Dapr.Bindings;
using DaprPredictor.Domain.Features;
using DaprPredictor.FakeDaprd;
using DaprPredictor.FakeDaprd.Hosting;
using DaprPredictor.OfflineFeatures.OfflineStore;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaprPredictor.OfflineFeatures.Tests;

/// <summary>What the service asks the sidecar: the MySQL binding's query operation with the shared SQL and the input as parameters only.</summary>
public sealed class BindingRequestTests
{
    [Theory]
    [InlineData("u-0000042", "2026-01-10T08:30:15.123456Z")]
    [InlineData("x'OR'1'='1", "2026-01-10T08:30:15Z")]
    [InlineData("a\"b\\c`);DELETE(FROM)purchases;--%#?", "2026-01-10T10:30:15+02:00")]
    [InlineData("ünïcødé-用户-😀", "1999-12-31T23:59:59.999999Z")]
    public async Task TheServiceQueriesThePurchasesBindingWithTheSharedSQLAndTheInputOnlyAsParameters(string userId, string asOf)
    {
        await using var app = new OfflineFeaturesApp();

        await app.GetFeaturesAsync(userId, asOf);

        var request = Assert.Single(app.Dapr.BindingRequests);
        AssertQuery(request, userId, DateTimeOffset.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task TheHistorySendsAnIdWithQuotesAndSpacesAsAParameterAndLeavesTheSQLUntouched()
    {
        const string UserId = "x' OR '1'='1";
        var asOf = new DateTimeOffset(2026, 1, 10, 8, 30, 15, TimeSpan.Zero);
        var daprd = OfflineFeaturesApp.NewSidecar(TimeProvider.System);
        await using var sidecar = await DaprdHost.StartAsync(daprd);
        using var client = sidecar.CreateClient();
        var history = new MySqlPurchaseHistory(new MySqlBinding(client, Topology.PurchasesBindingComponent), Microsoft.Extensions.Options.Options.Create(new OfflineStoreOptions()), NullLogger<MySqlPurchaseHistory>.Instance);

        var summary = await history.GetSummaryAsync(UserId, asOf, CancellationToken.None);

        Assert.Same(PurchaseSummary.Empty, summary);
        AssertQuery(Assert.Single(daprd.BindingRequests), UserId, asOf);
    }

    [Fact]
    public async Task TheAsOfParameterIsTheServiceClockWhenTheCallerGivesNone()
    {
        await using var app = new OfflineFeaturesApp();

        await app.GetFeaturesAsync("u-1");

        var parameters = Params(Assert.Single(app.Dapr.BindingRequests));
        Assert.Equal(PurchaseSummaryQuery.FormatDateTime(OfflineFeaturesApp.Now), parameters[1]);
    }

    [Theory]
    [InlineData("2026-01-10T08:30:15Z", "2026-01-10 08:30:15.000000")]
    [InlineData("2026-01-10T08:30:15.000001Z", "2026-01-10 08:30:15.000001")]
    [InlineData("2026-01-10T08:30:15.0000001Z", "2026-01-10 08:30:15.000001")]
    [InlineData("2026-01-10T08:30:15.9999991Z", "2026-01-10 08:30:16.000000")]
    [InlineData("2026-01-10T09:30:15.5+01:00", "2026-01-10 08:30:15.500000")]
    public async Task AnAsOfFinerThanAMicrosecondIsRoundedUpSoTheStoreComparesItExactly(string asOf, string parameter)
    {
        await using var app = new OfflineFeaturesApp();

        await app.GetFeaturesAsync("u-1", asOf);

        Assert.Equal(["u-1", parameter, "u-1", parameter], Params(Assert.Single(app.Dapr.BindingRequests)));
    }

    private static void AssertQuery(BindingCall request, string userId, DateTimeOffset asOf)
    {
        Assert.Equal(Topology.PurchasesBindingComponent, request.BindingName);
        Assert.Equal("query", request.Operation);
        Assert.Equal(["params", "sql"], request.Metadata.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(PurchaseSummaryQuery.Sql, request.Metadata["sql"]);
        Assert.True(request.Data.IsEmpty);

        var parameters = Params(request);
        Assert.Equal(PurchaseSummaryQuery.Sql.Count(c => c == '?'), parameters.Length);
        Assert.Equal(PurchaseSummaryQuery.Parameters(userId, asOf), parameters);
        Assert.DoesNotContain(userId, request.Metadata["sql"], StringComparison.Ordinal);
    }

    /// <summary>The params metadata must be a JSON array of strings (Dapr unmarshals it into []any and binds it to the ?s in order).</summary>
    private static string[] Params(BindingCall request)
    {
        using var json = JsonDocument.Parse(request.Metadata["params"]);
        Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
        return [.. json.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new InvalidOperationException($"a {e.ValueKind} parameter"))];
    }
}
