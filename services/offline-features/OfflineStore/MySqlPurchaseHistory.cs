using DaprPredictor.Dapr.Bindings;
using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.OfflineFeatures.OfflineStore;

/// <summary>
/// The offline store in MySQL/MariaDB, read through the Dapr MySQL output binding: one query of
/// <see cref="PurchaseSummaryQuery.Sql"/> with the user id and as-of time as bound parameters, its rows read by
/// <see cref="SummaryRows"/>.
/// </summary>
public sealed partial class MySqlPurchaseHistory(MySqlBinding binding, ILogger<MySqlPurchaseHistory> logger) : IPurchaseHistory
{
    public async ValueTask<PurchaseSummary> GetSummaryAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> rows;
        try
        {
            rows = await binding.QueryAsync(PurchaseSummaryQuery.Sql, PurchaseSummaryQuery.Parameters(userId, asOf), cancellationToken);
        }
        catch (BindingFailedException ex)
        {
            LogBindingFailed(logger, binding.Name, ex);
            throw new OfflineStoreUnavailableException(ex.Message, ex);
        }

        try
        {
            return SummaryRows.Parse(rows.Span);
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
