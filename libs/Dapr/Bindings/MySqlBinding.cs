using System.Text.Json;
using Dapr;
using Dapr.Client;
using DaprPredictor.Contracts;

namespace DaprPredictor.Dapr.Bindings;

/// <summary>
/// A Dapr MySQL output binding (<c>bindings.mysql</c>): the <c>query</c> operation with the SQL in the <c>sql</c> metadata
/// and its <c>?</c> parameters as a JSON array string in <c>params</c> (Dapr 1.12+), never inside the SQL text. The answer
/// is the binding's raw JSON (an array of row objects, or <c>null</c> for no rows); reading it is the caller's business.
/// </summary>
public sealed class MySqlBinding(DaprClient dapr, string bindingName)
{
    public const string QueryOperation = "query";
    public const string SqlMetadata = "sql";
    public const string ParamsMetadata = "params";

    public string Name => bindingName;

    /// <exception cref="BindingFailedException">The sidecar, the component or the database could not answer.</exception>
    public async Task<ReadOnlyMemory<byte>> QueryAsync(string sql, string[] parameters, CancellationToken cancellationToken)
    {
        try
        {
            return (await dapr.InvokeBindingAsync(CreateQuery(bindingName, sql, parameters), cancellationToken)).Data;
        }
        catch (DaprException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BindingFailedException(bindingName, $"The query through the Dapr binding '{bindingName}' failed: {Describe(ex)}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // DaprClientBuilder sets ThrowOperationCanceledOnCancellation, so the gRPC channel raises a DeadlineExceeded
            // status (daprd's resiliency timeout) as OperationCanceledException, not as DaprException.
            throw new BindingFailedException(bindingName, $"The query through the Dapr binding '{bindingName}' timed out in the sidecar (DeadlineExceeded).", ex);
        }
    }

    public static BindingRequest CreateQuery(string bindingName, string sql, string[] parameters)
    {
        var request = new BindingRequest(bindingName, QueryOperation);
        request.Metadata[SqlMetadata] = sql;
        request.Metadata[ParamsMetadata] = JsonSerializer.Serialize(parameters, ContractsJsonContext.Default.StringArray);
        return request;
    }

    // The SDK's own message only says that the sidecar reported a failure; the gRPC status below it says which.
    private static string Describe(DaprException ex) =>
        ex.InnerException is { Message: { Length: > 0 } inner } ? $"{ex.Message} ({inner})" : ex.Message;
}
