using System.Net.Http.Headers;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.FeatureExtractor.Subscriptions;
using DaprPredictor.Testing;
using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.FeatureExtractor.Tests.Hostile;

/// <summary>
/// Every hostile page view and every hostile envelope through the <c>page-views</c> subscription. Under daprd any
/// answer but 2xx (or 404) is redelivered forever, so each must be answered 200: DROP after our own dead letter naming
/// the reason, or SUCCESS when the page view inside is valid. The route then goes on scoring a valid delivery.
/// </summary>
public class HostileSubscriptionTests(HostileFeatureExtractor service) : IClassFixture<HostileFeatureExtractor>
{
    public static TheoryData<string> Events => [.. HostileEvents.Names];

    public static TheoryData<string> Envelopes => [.. HostileEnvelopes.Names];

    [Theory]
    [MemberData(nameof(Events))]
    public Task EachHostilePageViewAsBinaryDataIsDroppedAfterADeadLetterNamingItsReason(string name)
    {
        var bad = HostileEvents.Named(name);
        var seed = service.Seed();
        return ExpectAsync(service.Memory, HostileEnvelopes.AsBase64(seed, bad.Build(seed)), bad.Reason);
    }

    [Theory]
    [MemberData(nameof(Events))]
    public Task EachHostilePageViewWrittenIntoTheEnvelopeIsDroppedAfterADeadLetterNamingItsReason(string name)
    {
        var bad = HostileEvents.Named(name);
        var seed = service.Seed();
        return ExpectAsync(service.Memory, HostileEnvelopes.RawInData(seed, bad.Build(seed)), bad.EnvelopeReason);
    }

    [Theory]
    [MemberData(nameof(Envelopes))]
    public Task EachHostileEnvelopeIsDroppedAfterADeadLetterOrItsPageViewScored(string name)
    {
        var envelope = HostileEnvelopes.Named(name);
        return ExpectAsync(service.Memory, envelope.Build(service.Seed()), envelope.Reason);
    }

    /// <summary>Delivers and asserts the fate: SUCCESS when <paramref name="reason"/> is null, else DROP after one more dead letter with that reason.</summary>
    private async Task ExpectAsync(FeatureExtractorFactory app, HostileEnvelope.Delivery delivery, string? reason)
    {
        var lettersBefore = app.DeadLetters.Count;

        var fate = await DeliverAsync(app, delivery);

        if (reason is null)
        {
            Assert.Equal("SUCCESS", fate);
            Assert.Equal(lettersBefore, app.DeadLetters.Count);
        }
        else
        {
            Assert.Equal("DROP", fate);
            var letters = app.DeadLetters;
            Assert.Equal(lettersBefore + 1, letters.Count);
            Assert.Equal(reason, letters[^1].Reason);
            Assert.False(string.IsNullOrWhiteSpace(letters[^1].Detail));
        }

        var after = service.Seed("after");
        Assert.Equal("SUCCESS", await DeliverAsync(app, HostileEnvelopes.AsDaprdDelivers(after, after.Bytes())));
    }

    public static async Task<string> DeliverAsync(FeatureExtractorFactory app, HostileEnvelope.Delivery delivery)
    {
        using var client = app.CreateClient();
        using var content = new ByteArrayContent(delivery.Body);
        if (delivery.ContentType is { } type) content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        using var response = await client.PostAsync(PageViewSubscriptionApi.Route, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"daprd redelivers anything but 200: got {(int)response.StatusCode} {HostileAssert.Shorten(body)}");
        return JsonSerializer.Deserialize(body, ContractsJsonContext.Default.TopicResponse)!.Status;
    }
}
