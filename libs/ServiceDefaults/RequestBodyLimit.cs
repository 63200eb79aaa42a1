using Microsoft.AspNetCore.Http.Metadata;

namespace DaprPredictor.ServiceDefaults;

/// <summary>An endpoint's own body limit (endpoint metadata); endpoints without one get <see cref="RequestLimitsOptions.MaxBodyBytes"/>.</summary>
public sealed record RequestBodyLimit(long MaxBytes) : IRequestSizeLimitMetadata
{
    long? IRequestSizeLimitMetadata.MaxRequestBodySize => MaxBytes;
}
