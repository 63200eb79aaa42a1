using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Dapr;
using Dapr.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprPredictor.FakeDaprd.Tests.Delivery;

/// <summary>
/// A small real subscriber, written as a Dapr app is: Dapr.AspNetCore's <c>UseCloudEvents</c> and
/// <c>MapSubscribeHandler</c>, topics declared with <c>WithTopic</c> / <c>WithBulkSubscribe</c>. Topic <c>orders</c>
/// (dead letters to <c>orders-dead</c>), <c>orders-dead</c>, <c>plain</c> (no dead-letter topic) and <c>batch</c>
/// (bulk, dead letters to <c>orders-dead</c>). Each delivery is recorded, and answered as <see cref="Answer"/> says.
/// </summary>
internal sealed class SubscriberApp : IAsyncDisposable
{
    public const string PubSub = "pubsub";
    public const string Orders = "orders";
    public const string DeadLetters = "orders-dead";
    public const string Plain = "plain";
    public const string Batch = "batch";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    private SubscriberApp(WebApplication app) => _app = app;

    /// <summary>Deliveries to the single-event routes, in arrival order.</summary>
    public ConcurrentQueue<Delivered> Received { get; } = new();

    /// <summary>Bulk deliveries to the <c>batch</c> route: the entries' orders, per request.</summary>
    public ConcurrentQueue<IReadOnlyList<Order>> Batches { get; } = new();

    /// <summary>The answer to a delivery of an order, given how many times that order (by id) was delivered, 1 first.</summary>
    public Func<Order, int, IResult> Answer { get; set; } = (_, _) => Results.Ok(new { status = "SUCCESS" });

    /// <summary>The status of a bulk entry, given how many times that order was delivered.</summary>
    public Func<Order, int, BulkSubscribeAppResponseStatus> BulkAnswer { get; set; } = (_, _) => BulkSubscribeAppResponseStatus.SUCCESS;

    /// <summary>Runs before an order's answer: lets a test hold a delivery.</summary>
    public Func<Order, Task> OnOrder { get; set; } = _ => Task.CompletedTask;

    public HttpMessageHandler Handler => _app.GetTestServer().CreateHandler();

    public IEnumerable<Delivered> On(string topic) => Received.Where(d => d.Topic == topic);

    public static async Task<SubscriberApp> StartAsync(int maxBatch = 4, int awaitMs = 200)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddDaprClient();
        var app = builder.Build();
        var subscriber = new SubscriberApp(app);

        // The envelope as daprd sent it, before UseCloudEvents replaces the body with its data.
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
            context.Items["envelope"] = await reader.ReadToEndAsync();
            context.Items["headers"] = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            context.Request.Body.Position = 0;
            await next(context);
        });
        app.UseCloudEvents();
        app.MapSubscribeHandler();
        app.MapPost("/orders", (HttpContext context, Order order) => subscriber.HandleAsync(context, Orders, order))
            .WithTopic(new TopicOptions { PubsubName = PubSub, Name = Orders, DeadLetterTopic = DeadLetters });
        app.MapPost("/dead", (HttpContext context, JsonElement body) => subscriber.Record(context, DeadLetters, body))
            .WithTopic(PubSub, DeadLetters);
        app.MapPost("/plain", (HttpContext context, Order order) => subscriber.HandleAsync(context, Plain, order))
            .WithTopic(PubSub, Plain);
        app.MapPost("/batch", (BulkSubscribeMessage<BulkMessageModel<Order>> batch) => subscriber.HandleBatch(batch))
            .WithTopic(new TopicOptions { PubsubName = PubSub, Name = Batch, DeadLetterTopic = DeadLetters })
            .WithBulkSubscribe(new BulkSubscribeTopicOptions { TopicName = Batch, MaxMessagesCount = maxBatch, MaxAwaitDurationMs = awaitMs });
        await app.StartAsync();
        return subscriber;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context, string topic, Order order)
    {
        var attempt = _attempts.AddOrUpdate(order.Id, 1, (_, n) => n + 1);
        Received.Enqueue(Delivered.From(context, topic, JsonSerializer.SerializeToElement(order, JsonSerializerOptions.Web)));
        await OnOrder(order);
        return Answer(order, attempt);
    }

    private IResult Record(HttpContext context, string topic, JsonElement body)
    {
        Received.Enqueue(Delivered.From(context, topic, body));
        return Results.Ok();
    }

    /// <summary>Each entry's event is the CloudEvent (Dapr.AspNetCore's BulkMessageModel): the order is its data.</summary>
    private IResult HandleBatch(BulkSubscribeMessage<BulkMessageModel<Order>> batch)
    {
        Batches.Enqueue([.. batch.Entries.Select(e => e.Event.Data)]);
        var statuses = batch.Entries.Select(e => new BulkSubscribeAppResponseEntry(
            e.EntryId,
            BulkAnswer(e.Event.Data, _attempts.AddOrUpdate(e.Event.Data.Id, 1, (_, n) => n + 1))));
        return Results.Ok(new BulkSubscribeAppResponse([.. statuses]));
    }
}

/// <summary>What the test publishes: an order of a customer (the partition key) with a sequence number.</summary>
internal sealed record Order(string Id, string Customer, int N);

/// <summary>One delivery: the raw envelope and the headers daprd sent, and the data UseCloudEvents handed the endpoint.</summary>
internal sealed record Delivered(string Topic, string Envelope, IReadOnlyDictionary<string, string> Headers, JsonElement Data)
{
    public static Delivered From(HttpContext context, string topic, JsonElement data) => new(
        topic,
        (string)context.Items["envelope"]!,
        (IReadOnlyDictionary<string, string>)context.Items["headers"]!,
        data);

    public JsonElement CloudEvent => JsonDocument.Parse(Envelope).RootElement;
}
