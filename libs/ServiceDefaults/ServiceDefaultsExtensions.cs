using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) telemetry.UseOtlpExporter();

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy("the process answers"), [LiveTag]);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, contracts);
            options.SerializerOptions.NumberHandling |= JsonNumberHandling.AllowNamedFloatingPointLiterals;
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        AppApiTokenMiddleware.Register(builder.Services, builder.Configuration);
        return builder;
    }

    /// <summary>
    /// <c>/health</c> (readiness: every check, with reasons), <c>/alive</c> (liveness) and <c>/metrics</c> (Prometheus),
    /// in every environment; ProblemDetails for errors; the app API token check when one is configured.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<AppApiTokenMiddleware>();
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag), ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    /// <summary>Exactly one of <see cref="InfrastructurePaths"/> (a trailing slash allowed), not a path below one.</summary>
    public static bool IsInfrastructure(PathString path) =>
        Array.Exists(InfrastructurePaths, p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase, out var rest) && (!rest.HasValue || rest.Value == "/"));
}
