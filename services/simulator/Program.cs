using System.CommandLine;
using DaprPredictor.Contracts;
using DaprPredictor.Simulator.Simulation;

var file = new Option<FileInfo?>("--file") { Description = $"JSON Lines page views to replay, in order (default {SimulationOptions.DefaultFile})." };
var synthetic = new Option<int?>("--synthetic") { Description = "Generate the visits of N synthetic users instead of reading a file." };
var seed = new Option<int>("--seed") { Description = "Seed of the synthetic shop (the training default, 42, matches the seeded offline store).", DefaultValueFactory = _ => 42 };
var days = new Option<int>("--days") { Description = "Days over which synthetic visits are spread.", DefaultValueFactory = _ => 1 };
var rebase = new Option<bool>("--rebase") { Description = "Move all timestamps by one offset so that the latest event is now (the feature extractor rejects events older than 7 days)." };
var purchases = new Option<FileInfo?>("--purchases") { Description = $"The shop's purchases (JSON Lines) to publish on topic 'purchases' between the page views, for live grading (default: {ClickstreamSource.PurchasesFileName} beside --file, when it exists; the synthetic shop's own with --synthetic)." };
var noPurchases = new Option<bool>("--no-purchases") { Description = "Publish page views only." };
var rate = new Option<double>("--rate") { Description = "Events per second; 0 publishes as fast as the sidecar acknowledges.", DefaultValueFactory = _ => 0 };
var limit = new Option<long?>("--limit") { Description = "Publish at most N events." };
var maxPending = new Option<int>("--max-pending") { Description = "Events queued or being published at once (over all users).", DefaultValueFactory = _ => 256 };
var waitFor = new Option<string>("--wait-for") { Description = "Wait until this app's /health answers 2xx through Dapr before publishing; \"\" to skip.", DefaultValueFactory = _ => Topology.FeatureExtractorAppId };
var waitSeconds = new Option<int>("--wait-seconds") { Description = "How long to wait for the sidecar and for --wait-for.", DefaultValueFactory = _ => 300 };
var shutdownSidecar = new Option<bool>("--shutdown-sidecar") { Description = "Shut the Dapr sidecar down at the end (lets a Kubernetes Job complete)." };

var command = new RootCommand("Publishes a clickstream to pub/sub 'pubsub', topic 'page-views', and the shop's purchases to topic 'purchases', through the Dapr sidecar: partition key = user id, each user's messages in time order.")
{
    file, synthetic, seed, days, rebase, purchases, noPurchases, rate, limit, maxPending, waitFor, waitSeconds, shutdownSidecar,
};
command.Validators.Add(result =>
{
    if (result.GetResult(file) is not null && result.GetResult(synthetic) is not null) result.AddError("--file and --synthetic exclude each other.");
    if (result.GetResult(purchases) is not null && (result.GetResult(synthetic) is not null || result.GetValue(noPurchases)))
    {
        result.AddError("--purchases goes with --file, and not with --no-purchases.");
    }
});
Check(synthetic, n => n is null or >= 1, "--synthetic must be at least 1.");
Check(limit, n => n is null or >= 1, "--limit must be at least 1.");
Check(maxPending, n => n >= 1, "--max-pending must be at least 1.");
Check(waitSeconds, n => n >= 1, "--wait-seconds must be at least 1.");
Check(days, n => n is >= 1 and <= 28, "--days must be between 1 and 28.");
Check(rate, r => r >= 0, "--rate cannot be negative.");
command.SetAction((result, cancellationToken) => SimulationRunner.RunWithDaprAsync(
    new SimulationOptions
    {
        File = result.GetValue(file)?.FullName,
        SyntheticUsers = result.GetValue(synthetic),
        Seed = result.GetValue(seed),
        SyntheticDays = result.GetValue(days),
        Rebase = result.GetValue(rebase),
        SendPurchases = !result.GetValue(noPurchases),
        PurchasesFile = result.GetValue(purchases)?.FullName,
        EventsPerSecond = result.GetValue(rate),
        Limit = result.GetValue(limit),
        MaxPending = result.GetValue(maxPending),
        WaitForAppId = result.GetValue(waitFor) is { Length: > 0 } app ? app : null,
        WaitTimeout = TimeSpan.FromSeconds(result.GetValue(waitSeconds)),
        ShutdownSidecar = result.GetValue(shutdownSidecar),
    },
    Console.Out,
    Console.Error,
    cancellationToken));

return await command.Parse(args).InvokeAsync();

// A value that does not parse is reported by the parser itself ("Cannot parse argument 'x' for option '--days'");
// reading it in a validator would throw instead.
static void Check<T>(Option<T> option, Func<T?, bool> valid, string message) => option.Validators.Add(result =>
{
    T? value;
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
