using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprPredictor.ModelServing;

public static class ModelServingExtensions
{
    /// <summary>
    /// A <see cref="ModelHost"/> kept serving the file by a <see cref="ModelReloader"/> that runs with the app, and the "model" health
    /// check that keeps the app unready until a model is served, and the drift of scored features against the model's training data.
    /// </summary>
    public static IServiceCollection AddModelHost(this IServiceCollection services, Func<IServiceProvider, ModelHostOptions> options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new ModelHost(options(provider), provider.GetRequiredService<TimeProvider>(), provider.GetService<IMeterFactory>()));
        services.AddSingleton<ModelReloader>();
        services.AddSingleton(provider => new FeatureDrift(provider.GetRequiredService<ModelHost>(), provider.GetService<IMeterFactory>()));
        services.AddHostedService(provider => provider.GetRequiredService<ModelReloader>());
        services.AddHealthChecks().AddCheck<ModelHealthCheck>(ModelHealthCheck.Name);
        return services;
    }
}
