using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DaprPredictor.FakeDaprd.Host;

/// <summary>
/// The control port: <c>GET /fake/stats</c>, the calls each sidecar served or made by name (gRPC methods, HTTP routes,
/// deliveries, CallLocal), each subscription's fates, and the broker's published counts and backlog;
/// <c>GET /fake/ready</c>, 200 once every app with a port has been asked for its subscriptions, else 503.
/// </summary>
internal static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app, SidecarSet sidecars)
    {
        app.MapGet("/fake/ready", () => sidecars.Ready ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/fake/stats", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
            Write(json, sidecars);
        });
        return app;
    }

    private static void Write(Utf8JsonWriter json, SidecarSet sidecars)
    {
        json.WriteStartObject();
        json.WriteStartArray("sidecars");
        foreach (var (spec, daprd) in sidecars.Sidecars)
        {
            json.WriteStartObject();
            json.WriteString("appId", spec.AppId);
            json.WriteNumber("httpPort", spec.HttpPort);
            json.WriteNumber("grpcPort", spec.GrpcPort);
            json.WriteBoolean("subscribed", sidecars.Subscribed(spec.AppId));
            json.WriteStartObject("calls");
            foreach (var (name, count) in daprd.Calls.OrderBy(c => c.Key, StringComparer.Ordinal)) json.WriteNumber(name, count);
            json.WriteEndObject();
            json.WriteStartArray("subscriptions");
            foreach (var s in daprd.SubscriptionStats)
            {
                json.WriteStartObject();
                json.WriteString("topic", s.Topic);
                json.WriteString("route", s.Route);
                json.WriteBoolean("bulk", s.Bulk);
                json.WriteNumber("received", s.Received);
                json.WriteNumber("deliveries", s.Deliveries);
                json.WriteNumber("succeeded", s.Succeeded);
                json.WriteNumber("retries", s.Retries);
                json.WriteNumber("dropped", s.Dropped);
                json.WriteNumber("deadLettered", s.DeadLettered);
                json.WriteNumber("handedBack", s.HandedBack);
                json.WriteNumber("componentRetries", s.ComponentRetries);
                json.WriteNumber("backlog", s.Backlog);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("broker");
        json.WriteNumber("backlog", sidecars.Backends.Broker.Backlog);
        json.WriteStartObject("published");
        foreach (var (topic, count) in sidecars.Backends.Broker.Published.OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteNumber(topic, count);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteNumber("bindingQueries", sidecars.MySql?.Queries ?? 0);
        json.WriteEndObject();
    }
}
