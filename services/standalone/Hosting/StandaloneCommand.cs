using System.CommandLine;
using DaprPredictor.Synthetic;

namespace DaprPredictor.Standalone.Hosting;

/// <summary>The command line: what to replay, with which model, and whether to keep serving afterwards.</summary>
public sealed record StandaloneCommand(
    int Events,
    int Seed,
    string? Model,
    string? Replay,
    string? Purchases,
    bool Serve,
    string Urls,
    NoiseOptions Noise,
    int TrainUsers,
    string[] HostArgs)
{
    public const string DefaultUrls = "http://localhost:5000";

    /// <summary>Parses; null means help was shown or the arguments were wrong (then <paramref name="exitCode"/> says which).</summary>
    public static StandaloneCommand? Parse(string[] args, out int exitCode)
    {
        var events = new Option<int>("--events") { Description = "Page views to replay from a synthetic clickstream.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic clickstream (new users, not the training ones).", DefaultValueFactory = _ => 1 };
        var model = new Option<string?>("--model") { Description = "model.zip to serve. Without it, a small model is trained first into out/standalone (or reused from there)." };
        var replay = new Option<string?>("--replay") { Description = "Replay a recorded clickstream (JSON Lines, e.g. training's heldout-events.jsonl) instead of a synthetic one." };
        var purchases = new Option<string?>("--purchases") { Description = "purchases.jsonl for the embedded offline store (default: next to --replay, else next to the model)." };
        var serve = new Option<bool>("--serve") { Description = "Keep serving HTTP after the replay (POST /predict, POST /events, GET /users/{id}/prediction, /metrics, /health)." };
        var urls = new Option<string>("--urls") { Description = "Where to listen with --serve.", DefaultValueFactory = _ => DefaultUrls };
        var duplicates = new Option<double>("--duplicates") { Description = "Share of synthetic events redelivered (at-least-once).", DefaultValueFactory = _ => 0.01 };
        var invalid = new Option<double>("--invalid") { Description = "Share of synthetic events followed by a broken copy.", DefaultValueFactory = _ => 0.005 };
        var trainUsers = new Option<int>("--train-users") { Description = "Users in the synthetic data of the model trained when none is given.", DefaultValueFactory = _ => 20_000 };
        Check(events, n => n >= 0, "--events must not be negative.");
        Check(duplicates, share => share is >= 0 and <= 0.5, "--duplicates must be between 0 and 0.5.");
        Check(invalid, share => share is >= 0 and <= 0.5, "--invalid must be between 0 and 0.5.");
        Check(trainUsers, n => n >= 1_000, "--train-users must be at least 1000.");

        StandaloneCommand? command = null;
        var root = new RootCommand("DaprPredictor in one process: the real pipeline with embedded building blocks, no servers needed. Other arguments (e.g. --environment) go to the ASP.NET Core host.")
        {
            events, seed, model, replay, purchases, serve, urls, duplicates, invalid, trainUsers,
        };
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction(r =>
        {
            command = new StandaloneCommand(
                r.GetValue(events), r.GetValue(seed), r.GetValue(model), r.GetValue(replay), r.GetValue(purchases), r.GetValue(serve),
                r.GetValue(urls)!, new NoiseOptions(r.GetValue(duplicates), r.GetValue(invalid)), r.GetValue(trainUsers), [.. r.UnmatchedTokens]);
            return 0;
        });
        exitCode = root.Parse(args).Invoke();
        return command;
    }

    /// <summary>
    /// A value that does not parse is reported by the parser itself ("Cannot parse argument 'x' for option '--events'");
    /// reading it in a validator would throw an unhandled exception instead.
    /// </summary>
    private static void Check<T>(Option<T> option, Func<T, bool> valid, string message) => option.Validators.Add(result =>
    {
        T value;
        try
        {
            value = result.GetValueOrDefault<T>();
        }
        catch (InvalidOperationException)
        {
            return;
        }

        if (!valid(value)) result.AddError(message);
    });
}
