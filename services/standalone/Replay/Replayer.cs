using System.Diagnostics;
using DaprPredictor.Embedded;
using DaprPredictor.Pipeline.Monitoring;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Pipeline.Seams;
using DaprPredictor.Standalone.Sinks;
using Spectre.Console;

namespace DaprPredictor.Standalone.Replay;

/// <summary>
/// Feeds a stream into the embedded broker as fast as backpressure allows, with its purchases in time order for live
/// grading, and waits until every event is settled; then grades every session, as the stream is finite.
/// </summary>
public static class Replayer
{
    private const int SweepEvery = 256;

    public static async Task<ReplayResult> RunAsync(IServiceProvider services, ReplaySource stream, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var broker = services.GetRequiredService<EmbeddedBroker>();
        var clock = services.GetRequiredService<EventTimeClock>();
        var metrics = services.GetRequiredService<PipelineMetrics>();
        var predictions = services.GetRequiredService<PredictionSink>();
        var windows = services.GetRequiredService<IStateStore>() as EmbeddedStateStore;
        var grading = services.GetRequiredService<LiveGrading>();
        var before = metrics.Snapshot().Received;
        var peak = 0L;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var gcPauseBefore = GC.GetTotalPauseDuration();
        int[] Collections() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var collectionsBefore = Collections();
        var pipelineAllocatedBefore = broker.AllocatedBytes;

        var evaluation = new ReplayEvaluation();
        predictions.Evaluate(evaluation);

        // Every scored event is graded once against the truth its message carries (redeliveries and retries included).
        broker.Settled = (message, result) =>
        {
            if (result is { Fate: EventFate.Scored, Prediction: { } prediction } && SpooledTruth.Of(message.Context) is { } truth) evaluation.Add(truth, prediction.Probability);
            (message.Context as SpooledTruth)?.Settled();
        };
        clock.StartReplay(() => broker.LowWatermark);
        var elapsed = Stopwatch.StartNew();
        try
        {
            // The broker's consumers read the feed as they need it (no feeder thread of its own to wake and be woken).
            var feed = broker.FeedAsync(Feed(stream, grading), cancellationToken);

            var finished = FinishAsync(feed, broker, cancellationToken);

            // Progress every 100 ms until the feed is done and the broker idle; the end itself is awaited, not polled.
            async Task WatchAsync(Action<long> report)
            {
                while (await Task.WhenAny(finished, Task.Delay(100, cancellationToken)) != finished)
                {
                    report(metrics.Snapshot().Settled - before);
                    peak = Math.Max(peak, Environment.WorkingSet);
                }

                await finished;
            }

            if (console.Profile.Capabilities.Interactive)
            {
                await console.Progress().AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask("Replaying through the pipeline", maxValue: stream.Count);
                        await WatchAsync(settled => task.Value = settled);
                        task.Value = stream.Count;
                    });
            }
            else
            {
                // Logs and CI: a line every few seconds instead of a redrawn bar.
                var lastLine = Stopwatch.StartNew();
                await WatchAsync(settled =>
                {
                    if (lastLine.Elapsed < TimeSpan.FromSeconds(2)) return;
                    lastLine.Restart();
                    console.WriteLine($"Replaying: {settled:N0} of {stream.Count:N0} deliveries settled ({elapsed.Elapsed.TotalSeconds:0.0}s)");
                });
            }
        }
        finally
        {
            elapsed.Stop();
            clock.StopReplay();
            broker.Settled = null;
        }

        var cost = new ReplayCost(
            Environment.CpuUsage.TotalTime - cpuBefore,
            GC.GetTotalPauseDuration() - gcPauseBefore,
            [.. Collections().Zip(collectionsBefore, (after, before) => after - before)],
            GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore,
            broker.AllocatedBytes - pipelineAllocatedBefore);

        grading.SettleAll();
        peak = Math.Max(peak, Environment.WorkingSet);
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        return new ReplayResult(stream, metrics.Snapshot(), elapsed.Elapsed, peak, windows?.Count ?? -1, retained, cost);
    }

    /// <summary>
    /// The page views of the feed; purchases go to live grading as the feed reaches them. Sessions settle as the replay's
    /// low watermark passes their deadline, as they would live; without the sweep a fast replay would grade every
    /// negative at the end, after all the positives.
    /// </summary>
    private static IEnumerable<PageViewMessage> Feed(ReplaySource stream, LiveGrading grading)
    {
        long fed = 0;
        foreach (var item in stream.Items)
        {
            if (item.Purchase is { } purchase)
            {
                grading.Purchased(purchase);
                continue;
            }

            yield return item.Message!;
            if (++fed % SweepEvery == 0) grading.Sweep();
        }
    }

    private static async Task FinishAsync(Task feed, EmbeddedBroker broker, CancellationToken cancellationToken)
    {
        await feed;
        await broker.WhenIdleAsync(cancellationToken);
    }
}
