using System.Collections.Concurrent;
using System.Text;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace DaprPredictor.OfflineFeatures.Tests;

/// <summary>
/// The calling app's sidecar, HTTP service invocation only: WireMock.Net listens where the caller's invoke HttpClient
/// sends <c>/v1.0/invoke/{appId}/method/{method}?{query}</c> and forwards it to the target app as daprd does
/// (dapr/dapr <c>pkg/http/api_directmessaging.go</c>, <c>onDirectMessage</c> and <c>findTargetIDAndMethod</c>: the method is the
/// path after <c>/method/</c> and the raw query <c>r.URL.RawQuery</c> goes on unchanged; <c>pkg/channel/http/http_channel.go</c>
/// writes <c>{app}/{method}?{query}</c>). The method is forwarded decoded, as Dapr 1.18 does (dapr/dapr#10409); up to 1.17
/// some escapes survive, which matters only for ids in the path, and we send none there. The error paths are daprd's too: a
/// non-2xx answer of the app comes back with its status, content type and body (<c>codeError</c>); an app that cannot be
/// reached is a 500 <c>ERR_DIRECT_INVOKE</c>; another app id is a 500 as well (no such app in the name resolution).
/// </summary>
public sealed class InvokingSidecar : IDisposable
{
    private const string Prefix = "/v1.0/invoke/";
    private readonly ConcurrentQueue<string> _received = new();
    private readonly ConcurrentQueue<string> _forwarded = new();

    public InvokingSidecar(string appId, HttpClient app)
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("^/v1\\.0/invoke/.*"))).RespondWith(Response.Create().WithCallback(async request =>
        {
            var query = request.RawQuery?.TrimStart('?') ?? string.Empty;
            _received.Enqueue(request.Path + (query.Length > 0 ? "?" + query : string.Empty));
            var rest = request.Path[Prefix.Length..];
            var split = rest.IndexOf("/method/", StringComparison.Ordinal);
            if (split <= 0 || rest[..split] != appId) return DirectInvokeError(rest, "app id not found in name resolution");

            var target = "/" + Uri.UnescapeDataString(rest[(split + "/method/".Length)..]) + (query.Length > 0 ? "?" + query : string.Empty);
            _forwarded.Enqueue(target);
            try
            {
                using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target, UriKind.Relative));
                using var answer = await app.SendAsync(forward);
                var body = await answer.Content.ReadAsStringAsync();
                return Answer((int)answer.StatusCode, answer.Content.Headers.ContentType?.ToString() ?? "application/json", body);
            }
            catch (HttpRequestException ex)
            {
                return DirectInvokeError(appId, ex.Message);
            }
        }));
    }

    public WireMockServer Server { get; }

    public string Url => Server.Url!;

    /// <summary>Each invocation as the sidecar received it: path and raw query.</summary>
    public IReadOnlyList<string> Received => [.. _received];

    /// <summary>What the sidecar sent the app for each: path and query.</summary>
    public IReadOnlyList<string> Forwarded => [.. _forwarded];

    public void Dispose() => Server.Stop();

    private static ResponseMessage DirectInvokeError(string appId, string error) =>
        Answer(500, "application/json", $$"""{"errorCode":"ERR_DIRECT_INVOKE","message":"failed to invoke, id: {{appId}}, err: {{error.Replace("\"", "'", StringComparison.Ordinal)}}"}""");

    private static ResponseMessage Answer(int status, string contentType, string body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new(contentType) },
        BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = body, Encoding = Encoding.UTF8 },
    };
}
