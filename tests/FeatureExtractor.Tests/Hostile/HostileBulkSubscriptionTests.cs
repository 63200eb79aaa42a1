using System.Net.Http.Headers;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.FeatureExtractor.Subscriptions;
using DaprPredictor.Testing;
using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.FeatureExtractor.Tests.Hostile;

/// <summary>
/// The hostile corpus through the bulk subscription route: every hostile page view and CloudEvent as one entry beside a
/// valid entry, the bulk-specific entries and envelopes, and the HTTP-level cases. An odd entry is that entry's problem
/// (DROP after its own dead letter, or no status when it has no id to answer by) and its neighbour is scored; an
/// envelope with no entry to answer gets a 4xx ProblemDetails, never a 5xx; the route goes on scoring afterwards.
/// </summary>
public class HostileBulkSubscriptionTests(HostileFeatureExtractor service) : IClassFixture<HostileFeatureExtractor>
{
    public static TheoryData<string> Events => [.. HostileEvents.Names];

    public static TheoryData<string> RawEvents => [.. HostileEvents.All.Where(e => HostileBulkDeliveries.RawEntry(new EventSeed("e", "u", FeatureExtractorFactory.Now), e.Build(new EventSeed("e", "u", FeatureExtractorFactory.Now))) is not null).Select(e => e.Name)];

    public static TheoryData<string> CloudEventEntries => [.. HostileEnvelopes.All.Where(e => HostileBulkDeliveries.EnvelopeAsEntry(e.Build(new EventSeed("e", "u", FeatureExtractorFactory.Now))) is not null).Select(e => e.Name)];

    public static TheoryData<string> Entries => [.. HostileBulkDeliveries.Entries.Select(e => e.Name)];

    public static TheoryData<string> Envelopes => [.. HostileBulkDeliveries.Envelopes.Select(e => e.Name)];

    public static TheoryData<string> Transports => [.. HostileTransports.For(subscription: false)];

    [Theory]
    [MemberData(nameof(Events))]
    public Task EachHostilePageViewAsABinaryEntryIsDroppedAloneAfterADeadLetterNamingItsReason(string name)
    {
        var bad = HostileEvents.Named(name);
        var (valid, hostile) = (service.Seed(), service.Seed());
        return ExpectAsync(valid, HostileBulkDeliveries.AsEntry(hostile, bad.Build(hostile)), bad.Reason);
    }

    [Theory]
    [MemberData(nameof(RawEvents))]
    public Task EachHostilePageViewWrittenIntoAnEntrysCloudEventIsDroppedAloneAfterADeadLetterNamingItsReason(string name)
    {
        var bad = HostileEvents.Named(name);
        var (valid, hostile) = (service.Seed(), service.Seed());
        return ExpectAsync(valid, HostileBulkDeliveries.RawEntry(hostile, bad.Build(hostile))!, bad.EnvelopeReason);
    }

    [Theory]
    [MemberData(nameof(CloudEventEntries))]
    public Task EachHostileCloudEventAsAnEntryIsDroppedAloneOrItsPageViewScored(string name)
    {
        var envelope = HostileEnvelopes.Named(name);
        var (valid, hostile) = (service.Seed(), service.Seed());
        return ExpectAsync(valid, HostileBulkDeliveries.EnvelopeAsEntry(envelope.Build(hostile))!, envelope.Reason);
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public Task EachHostileEntryIsAnsweredAloneAndItsNeighbourScored(string name)
    {
        var entry = HostileBulkDeliveries.Entry(name);
        var (valid, hostile) = (service.Seed(), service.Seed());
        return ExpectAsync(valid, entry.Build(hostile), entry.Reason, entry.Unanswered);
    }

    [Theory]
    [MemberData(nameof(Envelopes))]
    public async Task EachHostileEnvelopeIsRefusedWithAProblemOrItsEntriesAnswered(string name)
    {
        var envelope = HostileBulkDeliveries.Envelope(name);
        var app = service.Bulk;
        var (received, letters) = (app.Counts.Received, app.DeadLetters.Count);

        using var response = await PostAsync(app, envelope.Build(service.Seed()));

        if (envelope.Status is { } status)
        {
            await HostileAssert.ProblemAsync(response, status);
            Assert.Equal((received, letters), (app.Counts.Received, app.DeadLetters.Count));
        }
        else
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"a readable envelope is answered 200: got {(int)response.StatusCode} {HostileAssert.Shorten(body)}");
            var statuses = JsonSerializer.Deserialize(body, ContractsJsonContext.Default.BulkTopicResponse)!.Statuses;
            Assert.All(statuses, s => Assert.Equal("SUCCESS", s.Status));
        }

        await AfterwardsAsync(app);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task EachHostileRequestIsAnsweredWithAProblemAndTheRouteGoesOnScoring(string name)
    {
        var hostile = HostileTransports.Named(name);
        var seed = service.Seed();
        var body = BulkEnvelopeOf(seed);

        var response = await RawHttp.SendAsync(service.BulkKestrelAddress, hostile.Build(new HostileTransport.Target(PageViewBulkSubscriptionApi.Route, body, "application/json")));

        if (hostile.Status is not { } status) Assert.True(response.Status == 200 && response.Body.Contains("SUCCESS", StringComparison.Ordinal), $"a valid delivery: {response}");
        else if (hostile.Abandoned) HostileAssert.Abandoned(response);
        else if (hostile.ByServer) HostileAssert.RefusedByServer(response, status);
        else HostileAssert.Problem(response, status);

        var next = await RawHttp.SendAsync(service.BulkKestrelAddress, RawHttp.Request.Of(RawHttp.Post(PageViewBulkSubscriptionApi.Route, BulkEnvelopeOf(service.Seed("after")))));
        Assert.True(next.Status == 200 && next.Body.Contains("SUCCESS", StringComparison.Ordinal), $"a valid delivery after the case: {next}");
    }

    /// <summary>
    /// Delivers the valid entry "0" beside <paramref name="hostileEntry"/> and asserts both fates: "0" SUCCESS; the
    /// hostile one SUCCESS (<paramref name="reason"/> null), DROP after exactly one more dead letter with that reason,
    /// or no status at all.
    /// </summary>
    private async Task ExpectAsync(EventSeed valid, string hostileEntry, string? reason, bool unanswered = false)
    {
        var app = service.Bulk;
        var lettersBefore = app.DeadLetters.Count;
        var delivery = HostileBulkDeliveries.Beside(valid, hostileEntry);
        if (delivery.Body.Length > HostileBulkDeliveries.MaxBodyBytes)
        {
            using var refused = await PostAsync(app, delivery);
            await HostileAssert.ProblemAsync(refused, 413, mentions: "bytes");
            await AfterwardsAsync(app);
            return;
        }

        var statuses = (await app.DeliverBulkAsync(JsonBodyOf(delivery))).ToDictionary(s => s.EntryId, s => s.Status);

        Assert.Equal("SUCCESS", statuses["0"]);
        if (unanswered)
        {
            Assert.Single(statuses);
            Assert.Equal(lettersBefore, app.DeadLetters.Count);
        }
        else if (reason is null)
        {
            Assert.Equal(("SUCCESS", lettersBefore), (statuses["1"], app.DeadLetters.Count));
        }
        else
        {
            Assert.Equal("DROP", statuses["1"]);
            var letters = app.DeadLetters;
            Assert.Equal(lettersBefore + 1, letters.Count);
            Assert.Equal(reason, letters[^1].Reason);
            Assert.False(string.IsNullOrWhiteSpace(letters[^1].Detail));
        }

        await AfterwardsAsync(app);
    }

    private async Task AfterwardsAsync(FeatureExtractorFactory app)
    {
        var after = service.Seed("after");
        var statuses = await app.DeliverBulkAsync(JsonBodyOf(new HostileEnvelope.Delivery(BulkEnvelopeOf(after), "application/json")));
        Assert.Equal("SUCCESS", Assert.Single(statuses).Status);
    }

    private static byte[] BulkEnvelopeOf(EventSeed seed) => System.Text.Encoding.UTF8.GetBytes(BulkDeliveries.Envelope([HostileBulkDeliveries.Valid("0", seed)]));

    public static async Task<HttpResponseMessage> PostAsync(FeatureExtractorFactory app, HostileEnvelope.Delivery delivery)
    {
        using var client = app.CreateClient();
        return await client.PostAsync(PageViewBulkSubscriptionApi.Route, JsonBodyOf(delivery));
    }

    private static ByteArrayContent JsonBodyOf(HostileEnvelope.Delivery delivery)
    {
        var content = new ByteArrayContent(delivery.Body);
        if (delivery.ContentType is { } type) content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return content;
    }
}
