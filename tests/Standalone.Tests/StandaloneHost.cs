using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Pipeline.Seams;
using DaprPredictor.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Spectre.Console;

namespace DaprPredictor.Standalone.Tests;

/// <summary>
/// The standalone host as it runs, with only its configuration pointed at the test model, and the test's own subscriber
/// of what it publishes.
/// </summary>
public sealed class StandaloneHost(string modelPath, Action<IServiceCollection>? replace = null, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    public static readonly IAnsiConsole Silent = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null), Interactive = InteractionSupport.No });

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public PipelineCounts Counts => Get<PipelineMetrics>().Snapshot();

    public PublishedPredictions Published { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Standalone:ServeOnly", "true");
        builder.UseSetting("Standalone:ModelPath", modelPath);
        builder.UseSetting("Broker:Partitions", "2");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Published.Subscription);
            replace?.Invoke(services);
        });
    }

    /// <summary>Replaces one service with an instance, the way a test swaps a boundary.</summary>
    public static Action<IServiceCollection> With<TService>(TService instance) where TService : class => services =>
    {
        services.RemoveAll<TService>();
        services.AddSingleton(instance);
    };

    public static Action<IServiceCollection> WithScorer(IScorer scorer) => With(scorer);
}
