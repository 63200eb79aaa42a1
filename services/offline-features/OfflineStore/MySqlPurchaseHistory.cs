using DaprPredictor.Contracts;
using DaprPredictor.Dapr.Bindings;
using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Seams;
using Microsoft.Extensions.Options;

namespace DaprPredictor.OfflineFeatures.OfflineStore;

/// <summary>
/// The offline store in MySQL/MariaDB, read through the Dapr MySQL output binding: one query of
/// <see cref="PurchaseSummaryQuery.Sql"/> with the user id and as-of time as bound parameters, its rows read by
/// <see cref="SummaryRows"/>; several pairs in one <see cref="PurchaseSummaryBatchQuery"/> of at most
/// <see cref="OfflineStoreOptions.MaxQueryPairs"/> pairs.
/// </summary>
public sealed partial class MySqlPurchaseHistory(MySqlBinding binding, IOptions<OfflineStoreOptions> options, ILogger<MySqlPurchaseHistory> logger) : IPurchaseHistory
{
    public async ValueTask<PurchaseSummary> GetSummaryAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        Parse(await QueryAsync(PurchaseSummaryQuery.Sql, PurchaseSummaryQuery.Parameters(userId, asOf), cancellationToken), static rows => SummaryRows.Parse(rows.Span));

    /// <summary>One query per <see cref="OfflineStoreOptions.MaxQueryPairs"/> pairs, one after the other; any failure fails them all.</summary>
    public async ValueTask<IReadOnlyList<PurchaseSummary>> GetSummariesAsync(IReadOnlyList<OfflineFeaturesPair> pairs, CancellationToken cancellationToken)
    {
        var summaries = new List<PurchaseSummary>(pairs.Count);
        foreach (var chunk in pairs.Chunk(options.Value.MaxQueryPairs))
        {
            var rows = await QueryAsync(PurchaseSummaryBatchQuery.Sql(chunk.Length), PurchaseSummaryBatchQuery.Parameters(chunk), cancellationToken);
            summaries.AddRange(Parse(rows, payload => SummaryRows.ParseBatch(payload.Span, chunk.Length)));
        }

        return summaries;
    }

    private async Task<ReadOnlyMemory<byte>> QueryAsync(string sql, string[] parameters, CancellationToken cancellationToken)
    {
        try
        {
            return await binding.QueryAsync(sql, parameters, cancellationToken);
        }
        catch (BindingFailedException ex)
        {
            LogBindingFailed(logger, binding.Name, ex);
            throw new OfflineStoreUnavailableException(ex.Message, ex);
        }
    }

    private T Parse<T>(ReadOnlyMemory<byte> rows, Func<ReadOnlyMemory<byte>, T> parse)
    {
        try
        {
            return parse(rows);
        }
        catch (OfflineStorePayloadException ex)
        {
            LogUnexpectedPayload(logger, binding.Name, ex);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Query through the Dapr binding {Binding} failed")]
    private static partial void LogBindingFailed(ILogger logger, string binding, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Dapr binding {Binding} answered something the summary query does not return")]
    private static partial void LogUnexpectedPayload(ILogger logger, string binding, Exception exception);
}
