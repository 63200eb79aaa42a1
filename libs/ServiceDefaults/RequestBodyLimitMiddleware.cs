using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace DaprPredictor.ServiceDefaults;

/// <summary>
/// Applies the selected endpoint's body limit before the endpoint reads a byte. On Kestrel through its own feature, so
/// that a body over the limit (declared or chunked) fails the read with a 413 <see cref="BadHttpRequestException"/>; on
/// a server without that feature (TestServer) by a stream that fails the same way.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<RequestLimitsOptions> options)
{
    private readonly long _default = options.Value.MaxBodyBytes;

    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? _default;
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is null) context.Request.Body = new LimitedRequestStream(context.Request.Body, limit, context.Request.ContentLength);
        else if (!feature.IsReadOnly) feature.MaxRequestBodySize = limit;
        return next(context);
    }
}
