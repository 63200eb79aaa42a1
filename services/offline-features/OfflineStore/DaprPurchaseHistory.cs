using System.Text.Json;
using Dapr;
using Dapr.Client;
using DaprPredictor.Domain.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.OfflineFeatures.OfflineStore;

/// <summary>
/// The offline store behind the Dapr MySQL output binding: one <c>query</c> of <see cref="OfflineStoreSql.SummaryQuery"/>
/// with the user id and as-of time as <c>?</c> parameters (the binding's <c>params</c> metadata), never inside the SQL.
/// </summary>
public sealed partial class DaprPurchaseHistory(DaprClient dapr, ILogger<DaprPurchaseHistory> logger) : IPurchaseHistory
{
    public const string QueryOperation = "query";
    public const string SqlMetadata = "sql";
    public const string ParamsMetadata = "params";

    public async ValueTask<PurchaseSummary> GetSummaryAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        BindingResponse response;
        try
        {
            response = await dapr.InvokeBindingAsync(CreateRequest(userId, asOf), cancellationToken);
        }
        catch (DaprException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogBindingFailed(logger, Topology.PurchasesBindingComponent, ex);
            throw new OfflineStoreUnavailableException(
                $"The query through the Dapr binding '{Topology.PurchasesBindingComponent}' failed: {Describe(ex)}", ex);
        }

        try
        {
            return SummaryRows.Parse(response.Data.Span);
        }
        catch (OfflineStorePayloadException ex)
        {
            LogUnexpectedPayload(logger, Topology.PurchasesBindingComponent, ex);
            throw;
        }
    }

    public static BindingRequest CreateRequest(string userId, DateTimeOffset asOf)
    {
        var request = new BindingRequest(Topology.PurchasesBindingComponent, QueryOperation);
        request.Metadata[SqlMetadata] = OfflineStoreSql.SummaryQuery;
        request.Metadata[ParamsMetadata] = JsonSerializer.Serialize(OfflineStoreSql.Parameters(userId, asOf), DomainJsonContext.Default.StringArray);
        return request;
    }

    // The SDK's own message only says that the sidecar reported a failure; the gRPC status below it says which.
    private static string Describe(DaprException ex) =>
        ex.InnerException is { Message: { Length: > 0 } inner } ? $"{ex.Message} ({inner})" : ex.Message;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Query through the Dapr binding {Binding} failed")]
    private static partial void LogBindingFailed(ILogger logger, string binding, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Dapr binding {Binding} answered something the summary query does not return")]
    private static partial void LogUnexpectedPayload(ILogger logger, string binding, Exception exception);
}
