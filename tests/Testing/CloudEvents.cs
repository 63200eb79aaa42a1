using System.Net.Http.Headers;
using System.Text;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.Testing;

/// <summary>
/// Deliveries with the fields daprd POSTs to a subscription route (CloudEvent 1.0, structured mode). Not byte for byte:
/// daprd's envelope is Go-marshalled (keys sorted, no whitespace, <c>&lt;&gt;&amp;</c> escaped, no charset in the content
/// type), which the app's CloudEventReader reads the same way; DeadLetterPayloadTests uses that exact recorded shape.
/// </summary>
public static class CloudEvents
{
    public static PageViewEvent PageView(string eventId = "e-1", string userId = "u-1", DateTimeOffset? at = null, string page = "/product/p-00042", string sessionId = "s-1") =>
        new(eventId, userId, sessionId, page, Rfc3339.Format(at ?? FeatureExtractorFactory.Now), "p-00042", "shoes", 29.5);

    /// <summary>The trace context the publisher's sidecar put in the CloudEvent, unless a test gives its own.</summary>
    public const string PublisherTraceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    public static HttpContent For(PageViewEvent e, string traceparent = PublisherTraceparent) => Envelope(PageViewJson.Serialize(e), traceparent);

    /// <summary>A corpus case as delivered: its data in an envelope, or its own envelope.</summary>
    public static HttpContent For(BadMessage bad)
    {
        if (bad.Envelope is null) return Envelope(bad.DataJson);
        var content = new StringContent(bad.Envelope, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>Wraps any JSON value as the CloudEvent's data, as the sidecar does for an application/json publish.</summary>
    public static HttpContent Envelope(string dataJson, string traceparent = PublisherTraceparent)
    {
        var content = new StringContent(EnvelopeJson(dataJson, traceparent), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>The CloudEvent <see cref="Envelope"/> sends, as JSON text.</summary>
    public static string EnvelopeJson(string dataJson, string traceparent = PublisherTraceparent) => $$"""
            {
              "specversion": "1.0",
              "id": "{{Guid.NewGuid()}}",
              "source": "clickstream-simulator",
              "type": "com.dapr.event.sent",
              "datacontenttype": "application/json",
              "data": {{dataJson}},
              "topic": "{{Topology.PageViewsTopic}}",
              "pubsubname": "{{Topology.PubSubComponent}}",
              "traceid": "{{traceparent}}",
              "traceparent": "{{traceparent}}",
              "tracestate": "",
              "time": "2026-03-01T12:00:00.5Z"
            }
            """;
}
