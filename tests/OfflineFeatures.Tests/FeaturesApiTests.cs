using System.Text;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.FakeDaprd;

namespace DaprPredictor.OfflineFeatures.Tests;

public sealed class FeaturesApiTests
{
    private const string AsOf = "2026-01-10T00:00:00Z";
    private static readonly DateTimeOffset AsOfTime = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(RecordedPayloads.ValidNames), MemberType = typeof(RecordedPayloads))]
    public async Task TheFeaturesOfARecordedBindingAnswerAreTheSharedFeaturesOfItsSummary(string name)
    {
        var (payload, summary) = RecordedPayloads.Valid[name];
        await using var app = new OfflineFeaturesApp();
        app.Dapr.OnBinding = _ => Encoding.UTF8.GetBytes(payload);

        var actual = await app.GetFeaturesAsync("u-42", AsOf);

        Assert.Equal(new UserOfflineFeatures("u-42", AsOfTime, PurchaseFeatures.From(summary, AsOfTime)), actual);
        Assert.Equal(summary.Count == 0, actual.Features.ColdStart);
    }

    [Theory]
    [MemberData(nameof(RecordedPayloads.InvalidNames), MemberType = typeof(RecordedPayloads))]
    public async Task AnAnswerTheQueryCannotGiveIsA502ProblemThatSaysWhatWasWrong(string name)
    {
        var (payload, mentions) = RecordedPayloads.Invalid[name];
        await using var app = new OfflineFeaturesApp();
        app.Dapr.OnBinding = _ => Encoding.UTF8.GetBytes(payload);

        var (status, problem) = await app.GetProblemAsync(OfflineFeaturesApp.FeaturesPath("u-42", AsOf));

        Assert.Equal(502, status);
        Assert.Equal(502, problem.Status);
        Assert.Equal(Topology.PurchasesBindingComponent, problem.Binding);
        Assert.All(mentions, m => Assert.Contains(m, problem.Detail, StringComparison.Ordinal));
    }

    /// <summary>
    /// Unavailable: the sidecar is down. DeadlineExceeded: daprd timed the call out (resiliency), which the SDK's channel
    /// (ThrowOperationCanceledOnCancellation) raises as OperationCanceledException rather than DaprException.
    /// </summary>
    [Theory]
    [InlineData(Grpc.Core.StatusCode.Unavailable, "connection refused")]
    [InlineData(Grpc.Core.StatusCode.DeadlineExceeded, "timed out in the sidecar")]
    public async Task AFailingBindingCallIsA503ProblemAndNothingIsCached(Grpc.Core.StatusCode code, string detail)
    {
        await using var app = new OfflineFeaturesApp();
        var failure = code == Grpc.Core.StatusCode.Unavailable ? DaprdFailures.Unavailable : DaprdFailures.DeadlineExceeded;
        app.Dapr.Fail = op => op == "binding:" + Topology.PurchasesBindingComponent ? failure : null;

        var (status, problem) = await app.GetProblemAsync(OfflineFeaturesApp.FeaturesPath("u-42", AsOf));

        Assert.Equal(503, status);
        Assert.Equal("The offline store could not be queried", problem.Title);
        Assert.Contains("'purchases-db'", problem.Detail, StringComparison.Ordinal);
        Assert.Contains(detail, problem.Detail, StringComparison.Ordinal);
        Assert.Equal(0, app.Dapr.StateWrites);

        app.Dapr.Fail = _ => null;
        var recovered = await app.GetFeaturesAsync("u-42", AsOf);
        Assert.True(recovered.Features.ColdStart);
        Assert.Single(app.Dapr.BindingRequests);
    }

    public static TheoryData<string, string, string> BadUserIds() => new()
    {
        { " ", "missing-user-id", "userId is required." },
        { "a b", "invalid-id-characters", "userId must not contain whitespace, control, invisible formatting or noncharacter code points; found whitespace (U+0020) at position 1." },
        { "a\tb", "invalid-id-characters", "userId must not contain whitespace, control, invisible formatting or noncharacter code points; found a control character (U+0009) at position 1." },
        { "a\u0001b", "invalid-id-characters", "userId must not contain whitespace, control, invisible formatting or noncharacter code points; found a control character (U+0001) at position 1." },
        { "a\u00a0b", "invalid-id-characters", "userId must not contain whitespace, control, invisible formatting or noncharacter code points; found whitespace (U+00A0) at position 1." },
        { new string('u', 129), "user-id-too-long", "userId has 129 characters; the limit is 128." },
    };

    [Theory]
    [MemberData(nameof(BadUserIds))]
    public async Task AUserIdTheCleaningRulesRejectIsA400ThatSaysWhy(string userId, string reason, string detail)
    {
        await using var app = new OfflineFeaturesApp();

        var (status, problem) = await app.GetProblemAsync(OfflineFeaturesApp.FeaturesPath(userId, AsOf));

        Assert.Equal(400, status);
        Assert.Equal(reason, problem.Reason);
        Assert.Equal(detail, problem.Detail);
        Assert.Equal([detail], problem.Errors!["userId"]);
        Assert.Empty(app.Dapr.BindingRequests);
    }

    [Theory]
    [InlineData("/features", "userId", "missing-user-id", "userId is required.")]
    [InlineData("/features?asOf=2026-01-10T00:00:00Z", "userId", "missing-user-id", "userId is required.")]
    [InlineData("/features?userId=u-1&userId=u-2", "userId", "repeated-parameter", "userId is given 2 times; give it once.")]
    [InlineData("/features?userId=u-1&asOf=2026-01-10T00:00:00Z&asOf=2026-01-11T00:00:00Z", "asOf", "repeated-parameter", "asOf is given 2 times; give it once.")]
    public async Task AMissingOrRepeatedQueryParameterIsA400ThatSaysWhich(string path, string parameter, string reason, string detail)
    {
        await using var app = new OfflineFeaturesApp();

        var (status, problem) = await app.GetProblemAsync(path);

        Assert.Equal(400, status);
        Assert.Equal(reason, problem.Reason);
        Assert.Equal([detail], problem.Errors![parameter]);
        Assert.Empty(app.Dapr.BindingRequests);
    }

    [Fact]
    public async Task AUserIdOfExactlyTheLengthLimitIsAccepted()
    {
        await using var app = new OfflineFeaturesApp();

        var features = await app.GetFeaturesAsync(new string('u', 128), AsOf);

        Assert.Equal(PurchaseFeatures.ColdStartDefaults, features.Features);
    }

    public static TheoryData<string, string> BadAsOfs() => new()
    {
        { "?asOf=yesterday", "asOf 'yesterday' is not an RFC 3339 date-time with an offset" },
        { "?asOf=2026-01-10T00:00:00", "asOf '2026-01-10T00:00:00' is not an RFC 3339 date-time with an offset" },
        { "?asOf=", "asOf '' is not an RFC 3339" },
        { "?asOf=2026-02-30T00:00:00Z", "asOf '2026-02-30T00:00:00Z' is not an RFC 3339" },
        { "?asOf=2026-01-10T00:00:00+02:00", "A '+' in a query string must be encoded as %2B." },
        { "?asOf=0999-12-31T23:59:59Z", "asOf must lie between 1000-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z" },
        { "?asOf=9999-12-31T23:59:59.9999999Z", "asOf must lie between" },
    };

    [Theory]
    [MemberData(nameof(BadAsOfs))]
    public async Task AnAsOfThatIsNotAnRFC3339TimeInTheStoreRangeIsA400ThatSaysWhy(string query, string detail)
    {
        await using var app = new OfflineFeaturesApp();

        var (status, problem) = await app.GetProblemAsync("/features?userId=u-42&" + query.TrimStart('?'));

        Assert.Equal(400, status);
        Assert.Equal("invalid-timestamp", problem.Reason);
        Assert.Contains(detail, problem.Detail, StringComparison.Ordinal);
        Assert.Contains(detail, Assert.Single(problem.Errors!["asOf"]), StringComparison.Ordinal);
        Assert.Empty(app.Dapr.BindingRequests);
    }

    [Fact]
    public async Task WithoutAnAsOfTheFeaturesAreAsOfNowOnTheServiceClock()
    {
        await using var app = new OfflineFeaturesApp();
        app.Dapr.OnBinding = _ => """[{"amount":"8.00","purchase_count":1,"purchased_at":"2026-02-27T12:00:00Z","total_spend":"8.00"}]"""u8.ToArray();
        app.Clock.Advance(TimeSpan.FromTicks(1234567));

        var actual = await app.GetFeaturesAsync("u-42");

        Assert.Equal(app.Clock.GetUtcNow(), actual.AsOf);
        Assert.Equal(2 + (1234567 / (double)TimeSpan.TicksPerDay), actual.Features.DaysSinceLastPurchase, 12);
    }

    [Fact]
    public async Task AnAsOfWithAnOffsetIsTheSameInstantAndIsEchoedAsGiven()
    {
        await using var app = new OfflineFeaturesApp();

        var actual = await app.GetFeaturesAsync("u-42", "2026-01-10T02:00:00+02:00");

        Assert.Equal(AsOfTime, actual.AsOf);
        Assert.Equal(TimeSpan.FromHours(2), actual.AsOf.Offset);
    }
}
