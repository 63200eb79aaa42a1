using System.Collections.Concurrent;
using DaprPredictor.FakeDaprd.PubSub;
using Microsoft.AspNetCore.Http;

namespace DaprPredictor.FakeDaprd.Tests.Delivery;

/// <summary>
/// Kafka's order (components-contrib common/component/kafka/consumer.go ConsumeClaim: one partition's messages one at
/// a time; partitionKey → record key → partition, partitioner.go): one key's messages in publish order, never two at
/// once, and a message being retried holds back the later ones of its partition; other partitions go on meanwhile.
/// </summary>
public sealed class OrderingTests
{
    [Fact]
    public async Task OneKeysMessagesArriveOneAtATimeInOrderWhileAnotherKeysArriveMeanwhile()
    {
        const int partitions = 4;
        var (slow, fast) = KeysInDifferentPartitions(partitions);
        await using var rig = await DeliveryRig.StartAsync(partitions: partitions);
        var inFlight = new ConcurrentDictionary<string, int>();
        var overlaps = 0;
        var fastArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.App.OnOrder = async order =>
        {
            if (inFlight.AddOrUpdate(order.Customer, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref overlaps);
            if (order.Customer == fast) fastArrived.TrySetResult();
            // The slow key's first message waits for the other key: only a concurrent partition can release it.
            if (order.Customer == slow && order.N == 0) await fastArrived.Task.WaitAsync(TimeSpan.FromMinutes(1));
            await Task.Yield();
            inFlight.AddOrUpdate(order.Customer, 0, (_, n) => n - 1);
        };

        for (var n = 0; n < 20; n++)
        {
            await rig.PublishAsync(new Order($"{slow}-{n}", slow, n));
            await rig.PublishAsync(new Order($"{fast}-{n}", fast, n));
        }

        await rig.SettledAsync();

        Assert.Equal(0, overlaps);
        foreach (var key in new[] { slow, fast })
        {
            Assert.Equal(Enumerable.Range(0, 20), rig.App.On(SubscriberApp.Orders).Select(d => d.Data).Where(d => d.GetProperty("customer").GetString() == key).Select(d => d.GetProperty("n").GetInt32()));
        }

        Assert.True(fastArrived.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AMessageBeingRetriedHoldsBackTheLaterMessagesOfItsKey()
    {
        await using var rig = await DeliveryRig.StartAsync(DeliveryRetryPolicy.Constant(TimeSpan.FromMilliseconds(20), 5));
        rig.App.Answer = (order, attempt) => order.N == 0 && attempt <= 3 ? Results.Ok(new { status = "RETRY" }) : Results.Ok();

        for (var n = 0; n < 3; n++) await rig.PublishAsync(new Order($"o-{n}", "c-1", n));
        await rig.SettledAsync();

        Assert.Equal([0, 0, 0, 0, 1, 2], rig.App.On(SubscriberApp.Orders).Select(d => d.Data.GetProperty("n").GetInt32()));
    }

    private static (string, string) KeysInDifferentPartitions(int partitions)
    {
        var first = "customer-a";
        var second = Enumerable.Range(0, 100).Select(i => $"customer-{i}").First(k => Broker.PartitionOf(k, partitions) != Broker.PartitionOf(first, partitions));
        return (first, second);
    }
}
