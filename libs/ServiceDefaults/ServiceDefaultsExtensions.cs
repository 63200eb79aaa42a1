using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DaprPredictor.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";
    public const string MetricsPath = "/metrics";
    public const string LiveTag = "live";

    /// <summary>Paths that probes and Prometheus call directly, not through the sidecar.</summary>
    public static readonly string[] InfrastructurePaths = [HealthPath, AlivePath, MetricsPath];

    /// <summary>
    /// A host builder whose content root is the app's own folder, so appsettings.json is found wherever the process is
    /// started. Relative paths in settings and on the command line stay relative to the working directory.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

    /// <summary>
    /// OpenTelemetry (traces, metrics with a Prometheus endpoint, logs; OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set),
    /// health checks, ProblemDetails, the app API token options, and HTTP JSON through the given source-generated
    /// contracts first.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, IJsonTypeInfoResolver contracts) where TBuilder : IHostApplicationBuilder
    {
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("DaprPredictor.*")
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource("DaprPredictor.*")
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsInfrastructure(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddGrpcClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) telemetry.UseOtlpExporter();

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy("the process answers"), [LiveTag]);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = DescribeBareStatus);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, contracts);

            // The contract is the contracts' own: a number is a JSON number (not "0.5"; the web defaults read strings too),
            // "NaN" and "Infinity" are read so that they can be refused with a reason, a member appears once.
            options.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
            options.SerializerOptions.AllowDuplicateProperties = false;
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        AddRequestLimits(builder.Services);
        AppApiTokenMiddleware.Register(builder.Services, builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Validated <see cref="RequestLimitsOptions"/> applied to Kestrel, and the exception handler that turns a request
    /// Kestrel or the binder cannot read into its 4xx ProblemDetails.
    /// </summary>
    private static void AddRequestLimits(IServiceCollection services)
    {
        services.AddValidatedOptions<RequestLimitsOptions>(RequestLimitsOptions.Section);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>>((kestrel, options) =>
        {
            var limits = options.Value;
            kestrel.Limits.MaxRequestBodySize = limits.MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxHeadersTotalBytes;
            kestrel.Limits.MaxRequestHeaderCount = limits.MaxHeaderCount;
            kestrel.Limits.MaxRequestLineSize = limits.MaxRequestLineBytes;
            kestrel.Limits.MaxRequestBufferSize = Math.Max(1024 * 1024, limits.MaxHeadersTotalBytes + limits.MaxRequestLineBytes);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.MinBodyBytesPerSecond, limits.BodyGracePeriod);
            kestrel.Limits.RequestHeadersTimeout = limits.HeadersTimeout;
            kestrel.AddServerHeader = false;
        });
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
    }

    /// <summary>An endpoint's own body limit, applied before it reads a byte (see <see cref="RequestBodyLimitMiddleware"/>).</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder endpoint, long maxBytes) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new RequestBodyLimit(maxBytes));

    /// <summary>
    /// <c>/health</c> (readiness: every check, with reasons), <c>/alive</c> (liveness) and <c>/metrics</c> (Prometheus),
    /// in every environment; ProblemDetails for errors; the app API token check when one is configured; each endpoint's
    /// body limit.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<AppApiTokenMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag), ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    /// <summary>A status that routing or the status-code pages answer with no detail still says what is wrong.</summary>
    private static void DescribeBareStatus(ProblemDetailsContext context) =>
        context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status404NotFound => "No endpoint answers this path; check the path and the ids in it.",
            StatusCodes.Status405MethodNotAllowed => "This path does not take this method.",
            StatusCodes.Status415UnsupportedMediaType => "This endpoint reads JSON: send the body as application/json (UTF-8).",
            _ => null,
        };

    /// <summary>Exactly one of <see cref="InfrastructurePaths"/> (a trailing slash allowed), not a path below one.</summary>
    public static bool IsInfrastructure(PathString path) =>
        Array.Exists(InfrastructurePaths, p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase, out var rest) && (!rest.HasValue || rest.Value == "/"));
}
