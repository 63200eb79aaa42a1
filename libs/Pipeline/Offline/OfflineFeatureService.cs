using System.Diagnostics.Metrics;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Seams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Pipeline.Offline;

/// <summary>
/// Offline features with a read-through cache in the state store. A summary computed as of time T is reused for
/// as-of times in [T, T + TTL]; never for earlier times, which could see purchases from their future. The cache is
/// an optimization: when the state store fails, the history is read directly and the request still succeeds.
/// </summary>
public sealed partial class OfflineFeatureService : IOfflineFeaturesSource
{
    public const string MeterName = "DaprPredictor.OfflineFeatures";

    private readonly IPurchaseHistory _history;
    private readonly IStateStore _cache;
    private readonly TimeSpan _ttl;
    private readonly ILogger<OfflineFeatureService> _logger;
    private readonly Counter<long> _lookups;

    public OfflineFeatureService(IPurchaseHistory history, IStateStore cache, IOptions<OfflineFeaturesOptions> options, IMeterFactory meterFactory, ILogger<OfflineFeatureService> logger)
    {
        (_history, _cache, _ttl, _logger) = (history, cache, options.Value.CacheTtl, logger);
        _lookups = meterFactory.Create(MeterName).CreateCounter<long>("daprpredictor.offline.lookups", "{lookup}", "Offline feature lookups by cache result (hit, miss, error).");
    }

    public static string CacheKey(string userId) => StateKeys.Compose("offline", userId);

    public async ValueTask<UserOfflineFeatures> GetAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var key = CacheKey(userId);
        var cached = await ReadCacheAsync(key, cancellationToken);
        PurchaseSummary summary;
        if (cached is not null && Answers(cached.AsOf, asOf))
        {
            summary = cached.Summary;
            Count("hit");
        }
        else
        {
            summary = await _history.GetSummaryAsync(userId, asOf, cancellationToken);
            Count("miss");
            await WriteCacheAsync(key, new CachedPurchaseSummary(asOf, summary), cancellationToken);
        }

        return new UserOfflineFeatures(userId, asOf, PurchaseFeatures.From(summary, asOf));
    }

    /// <summary>
    /// Whether a summary cached as of <paramref name="cachedAsOf"/> may answer for <paramref name="asOf"/>: from then to
    /// one TTL later, never earlier. (Its own method, not a pattern in the caller, so that mutation testing can alter it.)
    /// </summary>
    private bool Answers(DateTimeOffset cachedAsOf, DateTimeOffset asOf) => cachedAsOf <= asOf && asOf - cachedAsOf <= _ttl;

    private async Task<CachedPurchaseSummary?> ReadCacheAsync(string key, CancellationToken cancellationToken)
    {
        if (_ttl <= TimeSpan.Zero) return null;
        try
        {
            return (await _cache.GetAsync(key, ContractsJsonContext.Default.CachedPurchaseSummary, cancellationToken)).Value;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Count("error");
            LogCacheFailure(_logger, "read", ex);
            return null;
        }
    }

    private async Task WriteCacheAsync(string key, CachedPurchaseSummary value, CancellationToken cancellationToken)
    {
        if (_ttl <= TimeSpan.Zero) return;
        try
        {
            await _cache.SaveAsync(key, value, _ttl, ContractsJsonContext.Default.CachedPurchaseSummary, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Count("error");
            LogCacheFailure(_logger, "write", ex);
        }
    }

    private void Count(string result) => _lookups.Add(1, new KeyValuePair<string, object?>("cache", result));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offline feature cache {Operation} failed; reading the store directly")]
    private static partial void LogCacheFailure(ILogger logger, string operation, Exception exception);
}
