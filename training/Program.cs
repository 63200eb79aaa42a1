using System.CommandLine;
using DaprPredictor.ModelTraining;
using DaprPredictor.ModelTraining.Import;
using DaprPredictor.Training;

var output = new Option<DirectoryInfo>("--output", "-o") { Description = "Directory for model.zip, metrics.json, the offline store seed and the held-out clickstream.", Required = true };
var users = new Option<int>("--users") { Description = "Synthetic users (one visit each).", DefaultValueFactory = _ => 100_000 };
var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same data.", DefaultValueFactory = _ => 42 };
var events = new Option<FileInfo?>("--events") { Description = "Train on your own clickstream (JSON Lines of page views) instead of synthetic data." };
var purchases = new Option<FileInfo?>("--purchases") { Description = "Your own purchases (JSON Lines, the format of purchases.jsonl); required with --events." };
var import = new Option<string?>("--import") { Description = "Convert a public dataset and train on it: rees46:PATH[,PATH…] (CSV, gzip or not) or retailrocket:PATH (events.csv). Writes events.jsonl, purchases.jsonl, offline-seed.sql and conversion.json too." };
var maxRows = new Option<long>("--max-rows") { Description = "With --import or --events: train on at most this many page views, of whole users chosen by a hash of their id (the same users every run).", DefaultValueFactory = _ => TrainingRequest.DefaultMaxRows };
var trees = new Option<int>("--trees") { Description = "Boosted trees.", DefaultValueFactory = _ => new TrainerSettings().Trees };
var leaves = new Option<int>("--leaves") { Description = "Leaves per tree.", DefaultValueFactory = _ => new TrainerSettings().Leaves };

var command = new RootCommand("Generates data (or reads yours, or converts a public dataset), trains the purchase-propensity model and evaluates it on a later period against the base rate (and the oracle, for synthetic data).")
{
    output, users, seed, events, purchases, import, maxRows, trees, leaves,
};
users.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() < 100) result.AddError("--users must be at least 100.");
});
maxRows.Validators.Add(result =>
{
    if (result.GetValueOrDefault<long>() < 1_000) result.AddError("--max-rows must be at least 1000.");
});
import.Validators.Add(result =>
{
    try
    {
        var source = ImportSource.Parse(result.GetValueOrDefault<string?>() ?? string.Empty);
        foreach (var missing in source.Paths.Where(p => !File.Exists(p))) result.AddError($"--import: no such file: {Path.GetFullPath(missing)}");
    }
    catch (ArgumentException ex)
    {
        result.AddError(ex.Message);
    }
});
command.Validators.Add(result =>
{
    if ((result.GetResult(events) is null) != (result.GetResult(purchases) is null)) result.AddError("--events and --purchases go together.");
    if (result.GetResult(import) is not null && result.GetResult(events) is not null) result.AddError("--import and --events exclude each other.");
});
command.SetAction(result => TrainingCommand.Run(new TrainingRequest
{
    OutputDirectory = result.GetValue(output)!.FullName,
    Users = result.GetValue(users),
    Seed = result.GetValue(seed),
    EventsFile = result.GetValue(events)?.FullName,
    PurchasesFile = result.GetValue(purchases)?.FullName,
    Import = result.GetValue(import) is { } spec ? ImportSource.Parse(spec) : null,
    MaxRows = result.GetValue(maxRows),
    Trainer = new TrainerSettings { Trees = result.GetValue(trees), Leaves = result.GetValue(leaves) },
}));

return command.Parse(args).Invoke();
