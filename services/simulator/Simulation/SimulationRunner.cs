using System.Diagnostics;
using Dapr.Client;
using DaprPredictor.Contracts;
using DaprPredictor.Simulator.Publishing;
using DaprPredictor.Simulator.Streams;

namespace DaprPredictor.Simulator.Simulation;

/// <summary>Paces a clickstream into a publisher: users in parallel, each user's events in order.</summary>
public sealed class SimulationRunner(Func<ClickEvent, CancellationToken, Task> publish, TimeProvider clock, TextWriter log)
{
    public async Task<SimulationSummary> RunAsync(ClickstreamSource source, SimulationOptions options, CancellationToken cancellationToken)
    {
        long pageViews = 0;
        long purchases = 0;
        var users = new HashSet<string>(StringComparer.Ordinal);
        var started = clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var nextReport = options.ProgressInterval;

        await using var sequencer = new PerKeySequencer<ClickEvent>(
            async (click, ct) =>
            {
                await publish(click, ct);
                Interlocked.Increment(ref (click.IsPurchase ? ref purchases : ref pageViews));
            },
            options.MaxPending);

        long index = 0;
        foreach (var click in source.Events)
        {
            if (sequencer.Failure is not null) break;
            if (!click.IsPurchase)
            {
                // The rate is of page views; a purchase goes out with the page view that follows it.
                var wait = started + Pacing.DueAfter(index, options.EventsPerSecond) - clock.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, cancellationToken);
                users.Add(click.PartitionKey);
                index++;
            }

            await sequencer.EnqueueAsync(click.PartitionKey, click, cancellationToken);

            if (stopwatch.Elapsed >= nextReport)
            {
                nextReport = stopwatch.Elapsed + options.ProgressInterval;
                var done = Interlocked.Read(ref pageViews);
                await log.WriteLineAsync($"published {done:N0} page views ({done / stopwatch.Elapsed.TotalSeconds:N0}/s) and {Interlocked.Read(ref purchases):N0} purchases, {sequencer.Pending} pending");
            }
        }

        await sequencer.CompleteAsync();
        return new SimulationSummary(Interlocked.Read(ref pageViews), Interlocked.Read(ref purchases), users.Count, stopwatch.Elapsed, source.Rebase.Offset);
    }

    /// <summary>EX_CONFIG of sysexits.h, as the services exit on a setting that cannot work.</summary>
    public const int InvalidConfigurationExitCode = 78;

    /// <summary>
    /// The whole command: check Dapr's variables (the SDK would fail on them without naming them), wait for the sidecar
    /// and the subscriber, publish, report, optionally stop the sidecar.
    /// </summary>
    public static async Task<int> RunWithDaprAsync(SimulationOptions options, TextWriter log, TextWriter errors, CancellationToken cancellationToken)
    {
        var problems = SidecarEnvironment.Problems(name => Environment.GetEnvironmentVariable(name)).ToList();
        foreach (var problem in problems) await errors.WriteLineAsync($"Invalid configuration: {problem}");
        if (problems.Count > 0) return InvalidConfigurationExitCode;

        using var client = new DaprClientBuilder().Build();
        try
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                wait.CancelAfter(options.WaitTimeout);
                try
                {
                    await client.WaitForSidecarAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await log.WriteLineAsync($"The Dapr sidecar did not answer within {options.WaitTimeout}. Is this running under `dapr run`?");
                    return 1;
                }
            }

            if (options.WaitForAppId is { Length: > 0 } appId)
            {
                using var invoke = DaprClient.CreateInvokeHttpClient(appId);
                await log.WriteLineAsync($"waiting for {appId} to report ready…");
                if (!await AppReadiness.WaitAsync(invoke, options.WaitTimeout, TimeProvider.System, log, cancellationToken))
                {
                    await log.WriteLineAsync($"{appId} did not report ready within {options.WaitTimeout}; nothing was published.");
                    return 1;
                }
            }

            var source = ClickstreamSource.Open(options, TimeProvider.System.GetUtcNow());
            await log.WriteLineAsync($"publishing {source.Description}" +
                (options.EventsPerSecond > 0 ? $" at {options.EventsPerSecond:N0}/s" : " as fast as acknowledged") +
                (source.Rebase.Offset != TimeSpan.Zero ? $", timestamps moved by {source.Rebase.Offset.TotalDays:N2} days" : string.Empty));

            var publisher = new DaprClickPublisher(client);
            var summary = await new SimulationRunner(publisher.PublishAsync, TimeProvider.System, log).RunAsync(source, options, cancellationToken);
            await log.WriteLineAsync($"done: {summary.PageViews:N0} page views of {summary.Users:N0} users and {summary.Purchases:N0} purchases in {summary.Elapsed.TotalSeconds:N1} s");
            return 0;
        }
        catch (SequencerFailedException ex)
        {
            await log.WriteLineAsync(ex.Message);
            return 1;
        }
        catch (FileNotFoundException ex)
        {
            await log.WriteLineAsync(ex.Message);
            return 2;
        }
        finally
        {
            if (options.ShutdownSidecar)
            {
                try
                {
                    await client.ShutdownSidecarAsync(CancellationToken.None);
                }
                catch (Exception ex)
                {
                    await log.WriteLineAsync($"could not shut the sidecar down: {ex.Message}");
                }
            }
        }
    }
}
