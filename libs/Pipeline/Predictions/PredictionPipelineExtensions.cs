using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Windows;
using DaprPredictor.Pipeline.Monitoring;
using DaprPredictor.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprPredictor.Pipeline.Predictions;

public static class PredictionPipelineExtensions
{
    /// <summary>
    /// The processor with its validated options (sections Cleaning, Window, Pipeline, Grading), metrics, live grading and clock.
    /// The host registers the seams: state store, publisher, offline-features source and scorer.
    /// </summary>
    public static IServiceCollection AddPredictionPipeline(this IServiceCollection services)
    {
        services.AddValidatedOptions<CleaningOptions>(CleaningOptions.Section);
        services.AddValidatedOptions<WindowOptions>(WindowOptions.Section);
        services.AddValidatedOptions<PipelineOptions>(PipelineOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<PipelineMetrics>();
        services.AddValidatedOptions<GradingOptions>(GradingOptions.Section);
        services.TryAddSingleton<LiveGrading>();
        services.AddHostedService<GradingSweeper>();
        services.TryAddSingleton<PageViewProcessor>();
        return services;
    }
}
