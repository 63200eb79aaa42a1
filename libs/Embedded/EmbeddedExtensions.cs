using DaprPredictor.ModelServing;
using DaprPredictor.Pipeline.Offline;
using DaprPredictor.Pipeline.Seams;
using DaprPredictor.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Embedded;

public static class EmbeddedExtensions
{
    /// <summary>
    /// The pipeline's seams without servers: the event-time clock, the partitioned broker (section <c>Broker</c>), a state
    /// store with Dapr's ETag and TTL semantics, the offline-features logic over <see cref="EmbeddedPurchaseHistory"/>
    /// (with its own cache store, as the service has), and the model in process. The host registers the purchase history,
    /// the model host and the broker's subscribers.
    /// </summary>
    public static IServiceCollection AddEmbeddedSeams(this IServiceCollection services)
    {
        services.AddValidatedOptions<EmbeddedBrokerOptions>(EmbeddedBrokerOptions.Section);
        services.AddValidatedOptions<OfflineFeaturesOptions>(OfflineFeaturesOptions.Section);
        services.AddSingleton<EventTimeClock>();
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<EventTimeClock>());
        services.AddSingleton<LatencyHistogram>();
        services.AddSingleton<EmbeddedBroker>();
        services.AddSingleton<IMessagePublisher>(sp => sp.GetRequiredService<EmbeddedBroker>());
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        services.AddSingleton<IStateStore>(NewStore);
        services.AddSingleton<IOfflineFeaturesSource>(sp => new OfflineFeatureService(
            sp.GetRequiredService<EmbeddedPurchaseHistory>(),
            NewStore(sp),
            sp.GetRequiredService<IOptions<OfflineFeaturesOptions>>(),
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<ILogger<OfflineFeatureService>>()));
        services.AddSingleton<IScorer>(sp => new EmbeddedScorer(sp.GetRequiredService<ModelHost>(), sp.GetRequiredService<FeatureDrift>()));
        return services;
    }

    /// <summary>During a replay, expired items are swept only behind the broker's sweep horizon (see <see cref="EmbeddedStateStore"/>).</summary>
    private static EmbeddedStateStore NewStore(IServiceProvider services)
    {
        var clock = services.GetRequiredService<EventTimeClock>();
        var broker = services.GetRequiredService<EmbeddedBroker>();
        return new EmbeddedStateStore(clock, () => clock.Replaying ? broker.SweepHorizon : clock.GetUtcNow());
    }
}
