using DaprPredictor.Contracts;
using DaprPredictor.Embedded;
using DaprPredictor.ModelServing;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.ServiceDefaults;
using DaprPredictor.Standalone.Events;
using DaprPredictor.Standalone.Sinks;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Standalone.Hosting;

public static class StandaloneExtensions
{
    /// <summary>
    /// The feature extractor's pipeline on the embedded seams, the offline store loaded from training's purchases, the
    /// model served in process (hot-reloaded like the scorer's), and the in-process subscribers of what it publishes.
    /// </summary>
    public static WebApplicationBuilder AddStandalone(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ContractsJsonContext.Default);
        var services = builder.Services;
        services.AddValidatedOptions<StandaloneOptions>(StandaloneOptions.Section);
        services.AddValidatedOptions<EventsOptions>(EventsOptions.Section);
        services.AddPredictionPipeline();
        services.AddEmbeddedSeams();
        services.AddSingleton(sp => EmbeddedPurchaseHistory.FromFile(sp.GetRequiredService<IOptions<StandaloneOptions>>().Value.ResolvedPurchasesPath));
        services.AddModelHost(provider => new ModelHostOptions
        {
            ModelPath = Path.GetFullPath(provider.GetRequiredService<IOptions<StandaloneOptions>>().Value.ModelPath),
        });

        services.AddSingleton<PredictionSink>();
        services.AddSingleton<DeadLetterSink>();
        services.AddSingleton(sp => EmbeddedSubscription.To<Prediction>(Topology.PredictionsTopic, sp.GetRequiredService<PredictionSink>().AddAsync));
        services.AddSingleton(sp => EmbeddedSubscription.To<DeadLetter>(Topology.DeadLetterTopic, sp.GetRequiredService<DeadLetterSink>().AddAsync));
        return builder;
    }
}
