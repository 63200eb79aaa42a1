using DaprPredictor.Modeling.Serving;
using DaprPredictor.Pipeline.Embedded;
using DaprPredictor.Pipeline.Offline;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Pipeline.Seams;
using DaprPredictor.Pipeline;
using DaprPredictor.ServiceDefaults;
using DaprPredictor.Standalone.Embedded;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Standalone.Hosting;

public static class StandaloneRegistration
{
    /// <summary>
    /// The feature extractor's pipeline with embedded building blocks behind the same seams: an in-memory state store
    /// with Dapr's ETag/TTL semantics, an in-process bounded broker, the offline-features logic over the embedded store,
    /// and the pooled model in process (hot-reloaded like the scorer's).
    /// </summary>
    public static WebApplicationBuilder AddStandalone(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        var services = builder.Services;
        services.AddValidatedOptions<StandaloneOptions>(StandaloneOptions.Section);
        services.AddValidatedOptions<BrokerOptions>(BrokerOptions.Section);
        services.AddValidatedOptions<OfflineFeaturesOptions>(OfflineFeaturesOptions.Section);

        services.AddSingleton<PipelineClock>();
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<PipelineClock>());
        services.AddPredictionPipeline();

        services.AddSingleton<PredictionLog>();
        services.AddSingleton<DeadLetterLog>();
        services.AddSingleton<LatencyHistogram>();
        services.AddSingleton<InProcessBroker>();
        services.AddSingleton<IMessagePublisher>(sp => sp.GetRequiredService<InProcessBroker>());
        services.AddHostedService(sp => sp.GetRequiredService<InProcessBroker>());

        services.AddSingleton<IStateStore>(sp => NewStore(sp));
        services.AddSingleton<EmbeddedOfflineStore>();
        services.AddSingleton<IOfflineFeaturesSource>(sp => new OfflineFeatureService(
            sp.GetRequiredService<EmbeddedOfflineStore>(),
            NewStore(sp),
            sp.GetRequiredService<IOptions<OfflineFeaturesOptions>>(),
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<ILogger<OfflineFeatureService>>()));

        services.AddModelHost(provider => new ModelHostOptions
        {
            ModelPath = Path.GetFullPath(provider.GetRequiredService<IOptions<StandaloneOptions>>().Value.ModelPath),
        });
        services.AddSingleton<IScorer, InProcessScorer>();
        return builder;
    }

    /// <summary>During a replay, expired items are swept only behind the broker's sweep horizon (see <see cref="InMemoryStateStore"/>).</summary>
    private static InMemoryStateStore NewStore(IServiceProvider services)
    {
        var clock = services.GetRequiredService<PipelineClock>();
        var broker = services.GetRequiredService<InProcessBroker>();
        return new InMemoryStateStore(clock, () => clock.Replaying ? broker.SweepHorizon : clock.GetUtcNow());
    }
}
