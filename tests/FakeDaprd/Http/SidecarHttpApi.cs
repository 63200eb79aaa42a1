using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DaprPredictor.FakeDaprd.Http;

/// <summary>
/// The sidecar's HTTP side as the SDK uses it: the health endpoints (CheckHealthAsync, WaitForSidecarAsync) and service
/// invocation (<c>CreateInvokeHttpClient</c>), forwarded to the app registered with <see cref="Daprd.MapApp(string, Uri, string?)"/>.
/// Sources: dapr/dapr pkg/api/http/healthz.go, directmessaging.go and pkg/channel/http/http_channel.go (v1.17.0, v1.18.0),
/// pkg/messages/predefined.go for the error bodies.
/// </summary>
public static class SidecarHttpApi
{
    private const string InvokePrefix = "/v1.0/invoke/";
    private const string MethodSeparator = "/method/";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "TE", "Trailer", "Proxy-Connection", "Host", "dapr-api-token",
    };

    public static IEndpointRouteBuilder MapSidecarHttp(this IEndpointRouteBuilder endpoints)
    {
        // middlewares.go APITokenAuthMiddleware: with a token configured, every call but GET healthz must carry it.
        var api = endpoints.MapGroup("/v1.0").AddEndpointFilter(async (context, next) =>
        {
            var daprd = context.HttpContext.RequestServices.GetRequiredService<Daprd>();
            var request = context.HttpContext.Request;
            var healthz = HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments("/v1.0/healthz", StringComparison.Ordinal);
            if (daprd.Options.ApiToken is not { } token || healthz || request.Headers["dapr-api-token"] == token) return await next(context);
            return Results.Text("invalid api token\n", "text/plain; charset=utf-8", statusCode: 401);
        });
        // healthz.go: 204 when ready; otherwise ERR_HEALTH_NOT_READY / ERR_OUTBOUND_HEALTH_NOT_READY with 500.
        api.MapGet("/healthz", (HttpContext http, Daprd daprd) =>
        {
            daprd.Count("healthz");
            return daprd.Fail("healthz") is { } status
                ? Error(http, 500, "ERR_HEALTH_NOT_READY", $"dapr is not ready: [{status.Detail}]")
                : NoContent(http);
        });
        api.MapGet("/healthz/outbound", (HttpContext http, Daprd daprd) =>
        {
            daprd.Count("healthz/outbound");
            return daprd.Fail("healthz/outbound") is not null
                ? Error(http, 500, "ERR_OUTBOUND_HEALTH_NOT_READY", "dapr outbound is not ready")
                : NoContent(http);
        });
        api.Map("/invoke/{**rest}", (HttpContext http, Daprd daprd) => InvokeAsync(http, daprd));
        return endpoints;
    }

    private static async Task InvokeAsync(HttpContext http, Daprd daprd)
    {
        daprd.Count("invoke");
        var raw = http.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var queryAt = raw.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryAt < 0 ? raw : raw[..queryAt];
        var rawQuery = queryAt < 0 ? "" : raw[(queryAt + 1)..];

        // Dapr 1.18 reads the decoded path and cleans the method (path.Clean); up to 1.17 it reads the raw path as sent.
        var decodes = daprd.Options.DecodesInvokePath;
        var path = decodes ? Uri.UnescapeDataString(rawPath) : rawPath;
        var rest = path[InvokePrefix.Length..];
        var separator = rest.IndexOf(MethodSeparator, StringComparison.Ordinal);
        if (separator <= 0)
        {
            await Error(http, 404, "ERR_DIRECT_INVOKE", "failed getting app id either from the URL path or the header dapr-app-id");
            return;
        }

        var appId = Uri.UnescapeDataString(rest[..separator]);
        var method = rest[(separator + MethodSeparator.Length)..];
        if (decodes) method = GoPath.Clean(method) is "." ? "" : GoPath.Clean(method);

        if (daprd.App(appId) is not { } invoked)
        {
            // The name resolver (mDNS self-hosted) knows no such app: components-contrib nameresolution/mdns/mdns.go.
            await InvokeFailed(http, appId, $"couldn't find service: {appId}");
            return;
        }

        if (daprd.BeforeCall is { } before) await before("invoke:" + appId, http.RequestAborted);
        if (daprd.Fail("invoke:" + appId) is { } status)
        {
            await InvokeFailed(http, appId, status.Equals(DaprdFailures.CircuitBreakerOpen) ? status.Detail : $"rpc error: code = {status.StatusCode} desc = {status.Detail}");
            return;
        }

        // Through the callee's sidecar: its daprd serves the call (CallLocal) on its app channel.
        invoked.Via?.Count("CallLocal");
        if (invoked.Channel is not { } app)
        {
            await InvokeFailed(http, appId, "app channel is not initialized"); // pkg/messages/predefined.go ErrChannelNotFound
            return;
        }

        // http_channel.go constructRequest: base address + "/" + method + "?" + the query string exactly as received.
        var target = app.BaseAddress.GetLeftPart(UriPartial.Authority) + (method.StartsWith('/') ? "" : "/") + method + (rawQuery.Length > 0 ? "?" + rawQuery : "");
        if (!GoPath.TryParseUrl(target, out var uri, out var parseError))
        {
            await InvokeFailed(http, appId, parseError);
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), uri);
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0) request.Content = new StreamContent(http.Request.Body);
        foreach (var (name, values) in http.Request.Headers)
        {
            if (HopByHop.Contains(name)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values)) request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }

        if (app.AppApiToken is { } token) request.Headers.TryAddWithoutValidation("dapr-api-token", token);
        ForwardTraceContext(http.Request, request);

        HttpResponseMessage response;
        try
        {
            response = await app.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
        }
        catch (HttpRequestException ex)
        {
            await InvokeFailed(http, appId, ex.Message);
            return;
        }

        using (response)
        {
            // The app's status, headers and body go back as they are, non-2xx included (directmessaging.go codeError).
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name)) http.Response.Headers[name] = values.ToArray();
            }

            await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
    }

    /// <summary>
    /// daprd's HTTP API starts a span for the call, a child of the caller's <c>traceparent</c> (pkg/diagnostics/http_tracing.go),
    /// and the channel to the app sends that span's context (pkg/channel/http/http_channel.go): the trace id and flags
    /// go on, the parent span id becomes daprd's own.
    /// </summary>
    private static void ForwardTraceContext(HttpRequest incoming, HttpRequestMessage outgoing)
    {
        outgoing.Headers.Remove("traceparent");
        if (ActivityContext.TryParse(incoming.Headers["traceparent"], incoming.Headers["tracestate"], out var caller))
        {
            var daprdSpan = new ActivityContext(caller.TraceId, ActivitySpanId.CreateRandom(), caller.TraceFlags, caller.TraceState);
            outgoing.Headers.TryAddWithoutValidation("traceparent", $"00-{daprdSpan.TraceId.ToHexString()}-{daprdSpan.SpanId.ToHexString()}-{(byte)daprdSpan.TraceFlags:x2}");
        }
    }

    /// <summary>messages.ErrDirectInvoke: 500 with ERR_DIRECT_INVOKE and "failed to invoke, id: ..., err: ...".</summary>
    private static Task InvokeFailed(HttpContext http, string appId, string error) =>
        Error(http, 500, "ERR_DIRECT_INVOKE", $"failed to invoke, id: {appId}, err: {error}");

    private static Task NoContent(HttpContext http)
    {
        http.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private static Task Error(HttpContext http, int status, string errorCode, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorCode", errorCode);
            json.WriteString("message", message);
            json.WriteEndObject();
        }

        http.Response.ContentLength = buffer.Length;
        return http.Response.Body.WriteAsync(buffer.ToArray()).AsTask();
    }

    /// <summary>The few rules of Go's path and net/url packages that decide where daprd 1.18 sends a decoded method.</summary>
    private static class GoPath
    {
        /// <summary>path.Clean: no empty or "." elements, ".." removes the element before it.</summary>
        public static string Clean(string path)
        {
            if (path.Length == 0) return ".";
            var rooted = path[0] == '/';
            var parts = new List<string>();
            foreach (var part in path.Split('/'))
            {
                if (part.Length == 0 || part == ".") continue;
                if (part == ".." && parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (part != ".." || !rooted) parts.Add(part);
            }

            var cleaned = (rooted ? "/" : "") + string.Join('/', parts);
            return cleaned.Length == 0 ? "." : cleaned;
        }

        /// <summary>url.Parse as http.NewRequest applies it: '#' starts the fragment (dropped), '?' the query; a '%' in the path must start an escape.</summary>
        public static bool TryParseUrl(string url, out Uri uri, out string error)
        {
            var hash = url.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0) url = url[..hash];
            var query = url.IndexOf('?', StringComparison.Ordinal);
            var path = query < 0 ? url : url[..query];
            for (var i = path.IndexOf('%', StringComparison.Ordinal); i >= 0; i = path.IndexOf('%', i + 1))
            {
                if (i + 2 >= path.Length || !Uri.IsHexDigit(path[i + 1]) || !Uri.IsHexDigit(path[i + 2]))
                {
                    var escape = path[i..Math.Min(i + 3, path.Length)];
                    (uri, error) = (null!, string.Create(CultureInfo.InvariantCulture, $"parse \"{url}\": invalid URL escape \"{escape}\""));
                    return false;
                }
            }

            error = "";
            return Uri.TryCreate(url, UriKind.Absolute, out uri!) || Fail(url, out uri, out error);
        }

        private static bool Fail(string url, out Uri uri, out string error)
        {
            (uri, error) = (null!, new StringBuilder("parse \"").Append(url).Append("\": invalid URL").ToString());
            return false;
        }
    }
}
