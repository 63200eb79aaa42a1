using System.Text;
using System.Text.Json;
using DaprPredictor.FakeDaprd.PubSub;

namespace DaprPredictor.FakeDaprd.Tests.Delivery;

/// <summary>
/// What the app receives: the CloudEvent daprd built when the message was published (dapr/dapr pkg/api/grpc/grpc.go
/// PublishEvent, pkg/runtime/pubsub/cloudevents.go, components-contrib pubsub/envelope.go) and the headers of the
/// delivery (postman/http/http.go, pkg/channel/http/http_channel.go). Dapr 1.14–1.18.
/// </summary>
public sealed class EnvelopeTests
{
    [Fact]
    public async Task TheCloudEventCarriesDaprsMembersAndTheDataAsGoReMarshalsIt()
    {
        await using var rig = await DeliveryRig.StartAsync(appApiToken: "app-secret");
        var data = Encoding.UTF8.GetBytes("""{"n":1,"price":1.50,"id":"o-1","customer":"c-1","id":"o-1","note":"<b>&"}""");

        await rig.Client.PublishByteEventAsync(SubscriberApp.PubSub, SubscriberApp.Orders, data, "application/json", new Dictionary<string, string> { ["partitionKey"] = "c-1" });
        await rig.SettledAsync();

        var delivered = Assert.Single(rig.App.On(SubscriberApp.Orders));
        var cloudEvent = delivered.CloudEvent;
        Assert.Equal(
            ["data", "datacontenttype", "id", "pubsubname", "source", "specversion", "time", "topic", "traceid", "traceparent", "tracestate", "type"],
            cloudEvent.EnumerateObject().Select(m => m.Name));
        Assert.StartsWith("""{"data":{"customer":"c-1","id":"o-1","n":1,"note":"\u003cb\u003e\u0026","price":1.50},"datacontenttype":"application/json",""", delivered.Envelope, StringComparison.Ordinal);
        Assert.Equal(
            ("shop", "com.dapr.event.sent", "1.0", SubscriberApp.PubSub, SubscriberApp.Orders, ""),
            (Text(cloudEvent, "source"), Text(cloudEvent, "type"), Text(cloudEvent, "specversion"), Text(cloudEvent, "pubsubname"), Text(cloudEvent, "topic"), Text(cloudEvent, "tracestate")));
        Assert.True(Guid.TryParse(Text(cloudEvent, "id"), out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", Text(cloudEvent, "time"));

        // traceid and traceparent: daprd's publish span; the delivery's traceparent header: a child span in that trace.
        var published = Text(cloudEvent, "traceparent")!.Split('-');
        var header = delivered.Headers["traceparent"].Split('-');
        Assert.Equal(Text(cloudEvent, "traceparent"), Text(cloudEvent, "traceid"));
        Assert.Equal((published[1], "01"), (header[1], header[3]));
        Assert.NotEqual(published[2], header[2]);

        Assert.Equal("application/cloudevents+json", delivered.Headers["Content-Type"]);
        Assert.Equal(("c-1", "c-1", SubscriberApp.PubSub, SubscriberApp.Orders, "app-secret"), (delivered.Headers["Partitionkey"], delivered.Headers["__key"], delivered.Headers["Pubsubname"], delivered.Headers["__topic"], delivered.Headers["dapr-api-token"]));
        Assert.Equal("o-1", delivered.Data.GetProperty("id").GetString()); // UseCloudEvents handed the endpoint the data
    }

    [Fact]
    public async Task CloudEventMetadataOverridesTheTypeAndTextDataIsAString()
    {
        await using var rig = await DeliveryRig.StartAsync();
        var metadata = new Dictionary<string, string> { ["partitionKey"] = "c-1", ["cloudevent.type"] = "io.example.order.v1" };

        await rig.Client.PublishByteEventAsync(SubscriberApp.PubSub, SubscriberApp.DeadLetters, Encoding.UTF8.GetBytes("not json"), "application/json", metadata);
        await rig.SettledAsync();

        var cloudEvent = Assert.Single(rig.App.On(SubscriberApp.DeadLetters)).CloudEvent;
        Assert.Equal(("io.example.order.v1", "not json"), (Text(cloudEvent, "type"), Text(cloudEvent, "data")));
    }

    [Fact]
    public async Task AnAppsOwnCloudEventThatIsNotJsonIsRefusedWithInvalidArgument()
    {
        await using var rig = await DeliveryRig.StartAsync();

        await DaprErrorAssert.ThrowsAsync(
            global::Grpc.Core.StatusCode.InvalidArgument,
            "DAPR_PUBSUB_CLOUD_EVENT_CREATION",
            () => rig.Client.PublishByteEventAsync(SubscriberApp.PubSub, SubscriberApp.Orders, Encoding.UTF8.GetBytes("{oops"), "application/cloudevents+json"));
    }

    [Theory]
    [InlineData(12.5, "12.5")]
    [InlineData(3, "3")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(-2.25e-10, "-2.25e-10")]
    public void ANumberOfABulkEntrysEventIsWrittenAsGoWritesAFloat64(double value, string expected) =>
        Assert.Equal(expected, GoJson.FormatFloat64(value));

    private static string? Text(JsonElement element, string name) => element.GetProperty(name).GetString();
}
