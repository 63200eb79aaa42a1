namespace DaprPredictor.Dapr.Invocation;

/// <summary>A non-success answer from an invoked app (or from the sidecar on its behalf), with what it said.</summary>
public sealed class InvocationFailedException(string appId, int statusCode, string detail)
    : HttpRequestException($"{appId} answered {statusCode}: {detail}", null, (System.Net.HttpStatusCode)statusCode)
{
    public string AppId { get; } = appId;
}

internal static class InvocationFailure
{
    public static async Task ThrowIfFailedAsync(HttpResponseMessage response, string appId, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new InvocationFailedException(appId, (int)response.StatusCode, body.Length > 500 ? body[..500] : body);
    }
}
