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
    /// Several pairs at once: one bulk read of the users' cache entries, one store call for the pairs no entry answers
    /// (<see cref="IPurchaseHistory.GetSummariesAsync"/>: one query on MySQL), and a cache write per user read from the
    /// store (its latest as-of, which answers the most later lookups). A store failure fails the whole batch.
    /// </summary>
    public async ValueTask<IReadOnlyList<UserOfflineFeatures>> GetBatchAsync(IReadOnlyList<OfflineFeaturesPair> pairs, CancellationToken cancellationToken)
    {
        var summaries = new PurchaseSummary[pairs.Count];
        var cached = await ReadCacheAsync(pairs, cancellationToken);
        var misses = new List<int>();
        for (var i = 0; i < pairs.Count; i++)
        {
            if (cached.GetValueOrDefault(pairs[i].UserId) is { } entry && Answers(entry.AsOf, pairs[i].AsOf))
            {
                summaries[i] = entry.Summary;
                Count("hit");
            }
            else
            {
                misses.Add(i);
            }
        }

        if (misses.Count > 0)
        {
            // Record equality: a pair asked twice (the same instant, whatever its offset) is queried once.
            var distinct = misses.Select(i => pairs[i]).Distinct().ToList();
            var found = await _history.GetSummariesAsync(distinct, cancellationToken);
            var byPair = new Dictionary<OfflineFeaturesPair, PurchaseSummary>(distinct.Count);
            for (var k = 0; k < distinct.Count; k++) byPair[distinct[k]] = found[k];
            foreach (var i in misses)
            {
                summaries[i] = byPair[pairs[i]];
                Count("miss");
            }

            var latest = distinct.GroupBy(p => p.UserId, StringComparer.Ordinal).Select(g => g.MaxBy(p => p.AsOf)!);
            await Task.WhenAll(latest.Select(p => WriteCacheAsync(CacheKey(p.UserId), new CachedPurchaseSummary(p.AsOf, byPair[p]), cancellationToken)));
        }

        var features = new UserOfflineFeatures[pairs.Count];
        for (var i = 0; i < pairs.Count; i++) features[i] = new UserOfflineFeatures(pairs[i].UserId, pairs[i].AsOf, PurchaseFeatures.From(summaries[i], pairs[i].AsOf));
        return features;
    }

    /// <summary>The cache entries of the pairs' users in one bulk read; a user whose entry could not be read has none (and reads the store).</summary>
    private async Task<Dictionary<string, CachedPurchaseSummary>> ReadCacheAsync(IReadOnlyList<OfflineFeaturesPair> pairs, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, CachedPurchaseSummary>(StringComparer.Ordinal);
        if (_ttl <= TimeSpan.Zero) return found;
        var users = pairs.Select(p => p.UserId).Distinct(StringComparer.Ordinal).ToList();
        try
        {
            var entries = await _cache.GetBulkAsync([.. users.Select(CacheKey)], ContractsJsonContext.Default.CachedPurchaseSummary, cancellationToken);
            for (var i = 0; i < users.Count; i++)
            {
                if (entries[i] is not { } entry) Count("error");
                else if (entry.Value is { } value) found[users[i]] = value;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Count("error");
            LogCacheFailure(_logger, "read", ex);
        }

        return found;
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
