using DaprPredictor.Embedded;
using DaprPredictor.ModelServing;
using DaprPredictor.ModelTraining;
using DaprPredictor.Pipeline.Monitoring;
using DaprPredictor.Standalone.Replay;
using DaprPredictor.Standalone.Sinks;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace DaprPredictor.Standalone.Hosting;

/// <summary>The command's flow: a model (trained if missing), the offline store, the replay and its summary, then serve or exit.</summary>
public static class StandaloneRun
{
    public static void Configure(WebApplicationBuilder builder, StandaloneCommand command)
    {
        // Without --serve nothing needs a fixed port: an ephemeral loopback one keeps two runs from colliding.
        builder.WebHost.UseUrls(command.Serve ? command.Urls : "http://127.0.0.1:0");
        var overrides = new Dictionary<string, string?>();
        if (command.Model is not null) overrides[$"{StandaloneOptions.Section}:{nameof(StandaloneOptions.ModelPath)}"] = command.Model;
        if (command.Purchases is not null) overrides[$"{StandaloneOptions.Section}:{nameof(StandaloneOptions.PurchasesPath)}"] = command.Purchases;
        builder.Configuration.AddInMemoryCollection(overrides);
    }

    public static async Task<int> RunAsync(WebApplication app, StandaloneCommand command)
    {
        var console = AnsiConsole.Console;

        // Logs and CI: a line is a line, not wrapped at 80 columns (paths and reasons are long).
        if (Console.IsOutputRedirected) console.Profile.Width = 1000;
        var options = app.Services.GetRequiredService<IOptions<StandaloneOptions>>().Value;
        if (options.ServeOnly)
        {
            await app.RunAsync();
            return 0;
        }

        var lifetime = app.Lifetime.ApplicationStopping;
        if (!File.Exists(options.ModelPath))
        {
            if (command.Model is not null)
            {
                console.MarkupLineInterpolated($"[red]No model at {command.Model}.[/] Train one with: dotnet run --project training -c Release -- --output out/model");
                return 2;
            }

            Train(console, options.ModelPath, command.TrainUsers);
        }

        var model = app.Services.GetRequiredService<ModelHost>();
        await model.CheckNowAsync(lifetime);
        if (model.Current is not { } served)
        {
            console.MarkupLineInterpolated($"[red]Cannot serve the model:[/] {model.State.NotLoadedReason}");
            return 2;
        }

        console.MarkupLineInterpolated($"Model {served.Version} from {options.ModelPath}");
        var stream = command.Replay is { } file
            ? ReplaySource.FromFile(file, command.Purchases)
            : await GenerateAsync(console, command);
        var offline = app.Services.GetRequiredService<EmbeddedPurchaseHistory>();
        stream.LoadOfflineStore(offline);
        console.MarkupLineInterpolated($"Offline store: {offline.Purchases:N0} purchases of {offline.Users:N0} users, from {offline.Source}");

        await app.StartAsync(lifetime);
        if (stream.Count > 0)
        {
            console.MarkupLineInterpolated($"Replaying {stream.Count:N0} events: {stream.Description}");
            var result = await Replayer.RunAsync(app.Services, stream, console, lifetime);
            ReplaySummary.Write(console, result, app.Services.GetRequiredService<LatencyHistogram>(),
                app.Services.GetRequiredService<PredictionSink>(), app.Services.GetRequiredService<DeadLetterSink>(), app.Services.GetRequiredService<LiveGrading>());
            if (result.Counts.Scored + result.Counts.DeadLetteredTotal + result.Counts.Duplicates != stream.Count)
            {
                await app.StopAsync(CancellationToken.None);
                return 3;
            }
        }

        if (!command.Serve)
        {
            await app.StopAsync(CancellationToken.None);
            return 0;
        }

        console.MarkupLineInterpolated($"Serving on {string.Join(", ", app.Urls)}: POST /predict, POST /events, GET /users/{{userId}}/prediction, /metrics, /health. Ctrl+C to stop.");
        await app.WaitForShutdownAsync(CancellationToken.None);
        return 0;
    }

    private static void Train(IAnsiConsole console, string modelPath, int users)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        console.MarkupLineInterpolated($"No model at {Path.GetFullPath(modelPath)}: training one on {users:N0} synthetic users first (once: later runs reuse it).");
        var result = TrainingPipeline.Run(new TrainingRequest { OutputDirectory = directory, Users = users }, new TrainingStageLog(console.WriteLine, indent: "  "));
        if (!string.Equals(Path.GetFullPath(result.Files.Model), Path.GetFullPath(modelPath), StringComparison.Ordinal)) File.Copy(result.Files.Model, modelPath, overwrite: true);
        var m = result.Metrics;
        console.MarkupLineInterpolated($"Trained {m.ModelVersion}: held-out AUC {m.Auc:0.0000} (oracle {m.OracleAuc:0.0000}), log loss {m.LogLoss:0.0000} (oracle {m.OracleLogLoss:0.0000}) in {m.TotalSeconds:0.0}s");
    }

    private static async Task<ReplaySource> GenerateAsync(IAnsiConsole console, StandaloneCommand command)
    {
        console.MarkupLineInterpolated($"Generating a synthetic clickstream of {command.Events:N0} events (seed {command.Seed})…");
        return await Task.Run(() => ReplaySource.Synthetic(command.Events, command.Seed, command.Noise));
    }
}
