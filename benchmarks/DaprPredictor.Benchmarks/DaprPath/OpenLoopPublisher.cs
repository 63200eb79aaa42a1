using System.Diagnostics;
using Dapr.Client;
using DaprPredictor.Benchmarks.Infrastructure;
using DaprPredictor.Contracts;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <param name="Scheduled">Each event's scheduled publish time (Stopwatch timestamp), by position in the slice.</param>
/// <param name="SendLag">From the scheduled time to the publish call's start: the generator's own delay, user order included.</param>
/// <param name="Anchor">A Stopwatch timestamp and the wall-clock time (Unix ms) read together, to put scheduled times on the broker's clock.</param>
internal sealed record PublishResult(long[] Scheduled, long Failed, double Seconds, Percentiles SendLag, (long Timestamp, double UnixMs) Anchor)
{
    /// <summary>Event <paramref name="i"/>'s scheduled publish time on the wall clock, in Unix milliseconds.</summary>
    public double ScheduledUnixMs(int i) => Anchor.UnixMs + (Scheduled[i] - Anchor.Timestamp) * 1000.0 / Stopwatch.Frequency;
}

/// <summary>
/// Publishes a slice of the feed to <c>page-views</c> through a sidecar, as the simulator does (partition key = user id,
/// content type application/json), at a fixed arrival rate: event i is due at start + i / rate whatever happened
/// before it (open loop; no coordinated omission). One user's events are published one after another, each once the
/// previous one was acknowledged, because concurrent publishes are not kept in order; a user's late publish counts
/// in its latency, which runs from the scheduled time.
/// </summary>
internal static class OpenLoopPublisher
{
    public static async Task<PublishResult> RunAsync(DaprClient client, ClickstreamFeed feed, int from, int count, double rate)
    {
        var scheduled = new long[count];
        var lag = new long[count];
        var failed = 0L;
        var tails = new Dictionary<string, Task>(StringComparer.Ordinal);
        var period = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 20;
        var all = new List<Task>(count);

        async Task PublishAfterAsync(Task previous, int i)
        {
            // Off the scheduler's thread: the call's synchronous part must not delay the next event's schedule.
            if (previous.IsCompleted) await Task.Yield();
            else await previous;
            var index = from + i;
            lag[i] = Stopwatch.GetTimestamp() - scheduled[i];
            try
            {
                await client.PublishByteEventAsync(
                    Topology.PubSubComponent,
                    Topology.PageViewsTopic,
                    feed.Payloads[index],
                    "application/json",
                    new Dictionary<string, string> { ["partitionKey"] = feed.Keys[index] });
            }
            catch (Exception ex) when (ex is Dapr.DaprException or OperationCanceledException)
            {
                Interlocked.Increment(ref failed);
            }
        }

        // The schedule runs on its own thread, so that a busy thread pool delays the publishes (measured) but not the schedule.
        var scheduler = new Thread(() =>
        {
            PreciseSleep.TightenTimerSlack();
            for (var i = 0; i < count; i++)
            {
                scheduled[i] = start + (long)(i * period);
                PreciseSleep.Until(scheduled[i]);
                var key = feed.Keys[from + i];
                var tail = PublishAfterAsync(tails.TryGetValue(key, out var previous) ? previous : Task.CompletedTask, i);
                tails[key] = tail;
                all.Add(tail);
                if (i % 4096 == 4095) tails = tails.Where(t => !t.Value.IsCompleted).ToDictionary(StringComparer.Ordinal); // forget finished users
            }
        }) { IsBackground = true, Name = "open-loop publisher" };
        scheduler.Start();
        await Task.Run(scheduler.Join);
        await Task.WhenAll(all);
        var seconds = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        var before = Stopwatch.GetTimestamp();
        var now = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;
        var anchor = (before + (Stopwatch.GetTimestamp() - before) / 2, now);
        return new PublishResult(scheduled, failed, seconds, Percentiles.FromTicks(lag), anchor);
    }
}
