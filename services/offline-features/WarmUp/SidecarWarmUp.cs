using System.Diagnostics;
using DaprPredictor.Contracts;
using DaprPredictor.Pipeline.Offline;
using DaprPredictor.Pipeline.Seams;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DaprPredictor.OfflineFeatures.WarmUp;

/// <summary>
/// At start, reads one key of the state store through each of the service's gRPC channels to the sidecar: the bulk read
/// of <c>POST /features/batch</c> (<see cref="IStateStore.GetBulkAsync{T}"/>, the SidecarGrpc channel) and the single read
/// of <c>GET /features</c> (the SDK's DaprClient, whose channel the binding shares), retried until both answered or
/// <see cref="OfflineFeaturesOptions.WarmUpTimeout"/> ran out. Until then the health check answers Unhealthy, so
/// <c>/health</c> (readiness) waits for a process that can answer within the caller's deadline.
/// </summary>
/// <remarks>
/// Why: the first call on a channel connects it and compiles the gRPC client, seconds on a loaded machine; the feature
/// extractor cancels a lookup after 250 ms (Pipeline:OfflineFeaturesTimeout), and the cancellation abandons that first
/// call before it completes. The dapr-path rig showed it: every batch lookup of a cold offline-features was cancelled
/// inside its first GetBulkState (in the channel's connection manager), none reached the sidecar, and every bulk
/// prediction was degraded. The key read belongs to no user (<see cref="Key"/>); nothing is written, nothing is queried.
/// </remarks>
public sealed partial class SidecarWarmUp(IStateStore store, IOptions<OfflineFeaturesOptions> options, ILogger<SidecarWarmUp> logger) : BackgroundService, IHealthCheck
{
    public const string Name = "sidecar-warm-up";

    /// <summary>The key the warm-up reads: under a prefix of its own, so no cache entry is ever read or counted.</summary>
    public static readonly string Key = StateKeys.Compose("warm-up", Topology.OfflineFeaturesAppId);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    // A completed task rather than the struct itself, so that the health check reads it whole (volatile needs a reference).
    private volatile Task<HealthCheckResult> _state = Task.FromResult(HealthCheckResult.Unhealthy("warming up: the first state reads through the sidecar have not answered yet"));

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => _state;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timeout = options.Value.WarmUpTimeout;
        if (timeout <= TimeSpan.Zero)
        {
            _state = Task.FromResult(HealthCheckResult.Healthy("warm-up skipped (OfflineFeatures:WarmUpTimeout is 0)"));
            return;
        }

        var clock = Stopwatch.StartNew();
        var (bulk, single) = (false, false);
        Exception? last = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!bulk) await store.GetBulkAsync([Key], ContractsJsonContext.Default.CachedPurchaseSummary, stoppingToken);
                bulk = true;
                if (!single) await store.GetAsync(Key, ContractsJsonContext.Default.CachedPurchaseSummary, stoppingToken);
                single = true;
                LogWarm(logger, clock.ElapsedMilliseconds);
                _state = Task.FromResult(HealthCheckResult.Healthy($"warm: the sidecar answered the first state reads after {clock.ElapsedMilliseconds} ms"));
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                last = ex;
            }

            if (clock.Elapsed >= timeout)
            {
                LogGaveUp(logger, timeout.TotalSeconds, last);
                _state = Task.FromResult(HealthCheckResult.Degraded($"cold: the sidecar did not answer the warm-up's state reads within {timeout.TotalSeconds:0.#} s; the first lookups may miss their callers' deadline", last));
                return;
            }

            await Task.Delay(RetryDelay, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sidecar channels warm after {ElapsedMs} ms")]
    private static partial void LogWarm(ILogger logger, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sidecar did not answer the warm-up's state reads within {Seconds} s; serving cold")]
    private static partial void LogGaveUp(ILogger logger, double seconds, Exception? exception);
}
