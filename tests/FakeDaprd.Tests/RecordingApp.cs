using System.Net;

namespace DaprPredictor.FakeDaprd.Tests;

/// <summary>An app behind the sidecar: records what daprd forwarded and answers what the test says.</summary>
internal sealed class RecordingApp(HttpStatusCode status = HttpStatusCode.OK, string body = "{}") : HttpMessageHandler
{
    public List<(HttpMethod Method, string PathAndQuery, string Body, string? Token)> Requests { get; } = [];

    /// <summary>The <c>traceparent</c> header of each request, or null.</summary>
    public List<string?> Traceparents { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var text = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var token = request.Headers.TryGetValues("dapr-api-token", out var values) ? values.Single() : null;
        Requests.Add((request.Method, request.RequestUri!.PathAndQuery, text, token));
        Traceparents.Add(request.Headers.TryGetValues("traceparent", out var trace) ? trace.Single() : null);
        return new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
    }
}
