using System.Text;
using Grpc.Core;

namespace DaprPredictor.FakeDaprd.Tests;

/// <summary>daprd's publish API (dapr/dapr pkg/api/grpc/grpc.go PublishEvent, bulkPublishEvent; pkg/api/errors/pubsub.go).</summary>
public sealed class PubSubTests
{
    [Fact]
    public async Task APublishIsRecordedWithItsBytesContentTypeAndMetadata()
    {
        await using var sidecar = await Sidecar.StartAsync();

        await sidecar.Client.PublishByteEventAsync(Sidecar.PubSub, "t", Encoding.UTF8.GetBytes("""{"a":1}"""), "application/json", new Dictionary<string, string> { ["partitionKey"] = "u-1" });

        var message = Assert.Single(sidecar.Daprd.PublishedTo("t"));
        Assert.Equal(("""{"a":1}""", "application/json", "u-1", false), (message.Json, message.ContentType, message.Metadata["partitionKey"], message.Bulk));
    }

    [Fact]
    public async Task AnUnknownPubSubIsInvalidArgumentPubSubNotFound()
    {
        await using var sidecar = await Sidecar.StartAsync();

        var unknown = await DaprErrorAssert.ThrowsAsync(StatusCode.InvalidArgument, "DAPR_PUBSUB_NOT_FOUND", () => sidecar.Client.PublishByteEventAsync("kafka", "t", new byte[] { 1 }));

        Assert.Equal("pubsub kafka is not found", unknown.Status.Detail);
        Assert.Empty(sidecar.Daprd.Published);
    }

    [Fact]
    public async Task AnInjectedFailureOfOneTopicFailsThatPublishWithTheStatusGiven()
    {
        await using var sidecar = await Sidecar.StartAsync();
        sidecar.Daprd.Fail = op => op == "publish:t" ? DaprdFailures.Unavailable : null;

        await DaprErrorAssert.ThrowsAsync(StatusCode.Unavailable, null, () => sidecar.Client.PublishByteEventAsync(Sidecar.PubSub, "t", new byte[] { 1 }));
        Assert.Empty(sidecar.Daprd.Published);
    }

    [Theory]
    [InlineData(1, 17, "BulkPublishEvent")]
    [InlineData(1, 18, "BulkPublishEvent")]
    [InlineData(1, 16, "BulkPublishEventAlpha1")]
    [InlineData(1, 14, "BulkPublishEventAlpha1")]
    public async Task BulkPublishUsesTheStableMethodFromDapr117AndTheAlpha1MethodBefore(int major, int minor, string method)
    {
        await using var sidecar = await Sidecar.StartAsync(new Version(major, minor));

        var response = await sidecar.Client.BulkPublishEventAsync(Sidecar.PubSub, "t", new[] { new { n = 1 }, new { n = 2 } }, new Dictionary<string, string> { ["partitionKey"] = "u-1" });

        Assert.Empty(response.FailedEntries);
        Assert.Equal(["""{"n":1}""", """{"n":2}"""], sidecar.Daprd.PublishedTo("t").Select(m => m.Json));
        Assert.All(sidecar.Daprd.Published, m => Assert.Equal(("u-1", true), (m.Metadata["partitionKey"], m.Bulk)));
        Assert.Equal(1, sidecar.Daprd.Calls[method]);
    }

    [Fact]
    public async Task ABulkPublishWithOneFailedEntryFailsWholeWithInternalAlthoughTheOtherEntriesWerePublished()
    {
        await using var sidecar = await Sidecar.StartAsync();
        sidecar.Daprd.FailBulkEntry = m => m.Json.Contains('2', StringComparison.Ordinal) ? "broker said no" : null;

        var rpc = await DaprErrorAssert.ThrowsAsync(StatusCode.Internal, "DAPR_PUBSUB_PUBLISH_MESSAGE",
            () => sidecar.Client.BulkPublishEventAsync(Sidecar.PubSub, "t", new[] { new { n = 1 }, new { n = 2 }, new { n = 3 } }));

        Assert.Equal("error when publishing to topic t in pubsub pubsub: broker said no", rpc.Status.Detail);
        Assert.Equal(["""{"n":1}""", """{"n":3}"""], sidecar.Daprd.PublishedTo("t").Select(m => m.Json));
    }

    /// <summary>pkg/runtime/pubsub/bulkpublish_resiliency.go: the failed entries alone are published again under the publish retry policy.</summary>
    [Fact]
    public async Task ABulkPublishEntryRefusedOnceIsTriedAgainAloneAndTheCallSucceeds()
    {
        await using var sidecar = await Sidecar.StartAsync();
        var refusals = 1;
        sidecar.Daprd.FailBulkEntry = m => m.Json.Contains('2', StringComparison.Ordinal) && refusals-- > 0 ? "broker busy" : null;

        var response = await sidecar.Client.BulkPublishEventAsync(Sidecar.PubSub, "t", new[] { new { n = 1 }, new { n = 2 }, new { n = 3 } });

        Assert.Empty(response.FailedEntries);
        Assert.Equal(["""{"n":1}""", """{"n":3}""", """{"n":2}"""], sidecar.Daprd.PublishedTo("t").Select(m => m.Json));
    }
}
