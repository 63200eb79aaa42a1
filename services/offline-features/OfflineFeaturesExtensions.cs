using Dapr.Client;
using DaprPredictor.Contracts;
using DaprPredictor.Dapr;
using DaprPredictor.Dapr.Bindings;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.OfflineFeatures.OfflineStore;
using DaprPredictor.OfflineFeatures.WarmUp;
using DaprPredictor.Pipeline.Offline;
using DaprPredictor.Pipeline.Seams;
using DaprPredictor.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprPredictor.OfflineFeatures;

public static class OfflineFeaturesExtensions
{
    /// <summary>
    /// The purchase history behind the Dapr MySQL binding, the shared read-through cache over the Dapr state store, and
    /// the options both read (validated at start), and the warm-up of the sidecar channels that <c>/health</c> waits for.
    /// The cleaning options give the user-id rules the feature extractor applies.
    /// </summary>
    public static IServiceCollection AddOfflineFeatures(this IServiceCollection services)
    {
        services.AddValidatedOptions<OfflineFeaturesOptions>(OfflineFeaturesOptions.Section);
        services.AddValidatedOptions<CleaningOptions>(CleaningOptions.Section);
        services.AddValidatedOptions<OfflineStoreOptions>(OfflineStoreOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddDaprStateStore(Topology.StateStoreComponent);
        services.AddSingleton(sp => new MySqlBinding(sp.GetRequiredService<DaprClient>(), Topology.PurchasesBindingComponent));
        services.AddSingleton<IPurchaseHistory, MySqlPurchaseHistory>();
        services.AddSingleton<IOfflineFeaturesSource, OfflineFeatureService>();
        services.AddSingleton<SidecarWarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<SidecarWarmUp>());
        services.AddHealthChecks().AddCheck<SidecarWarmUp>(SidecarWarmUp.Name);
        return services;
    }
}
