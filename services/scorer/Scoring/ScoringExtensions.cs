using DaprPredictor.ModelServing;
using DaprPredictor.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Scorer.Scoring;

public static class ScoringExtensions
{
    /// <summary>Validated <see cref="ScorerOptions"/>, the <see cref="ModelHost"/> started with the app, and the "model" health check.</summary>
    public static TBuilder AddScoring<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddValidatedOptions<ScorerOptions>(ScorerOptions.Section);
        services.AddModelHost(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ScorerOptions>>().Value;
            return new ModelHostOptions
            {
                ModelPath = Path.GetFullPath(options.ModelPath),
                PollInterval = options.ReloadPollInterval,
                Debounce = options.ReloadDebounce,
            };
        });
        return builder;
    }
}
