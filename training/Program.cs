using System.CommandLine;
using DaprPredictor.ModelTraining;
using DaprPredictor.Training;

var output = new Option<DirectoryInfo>("--output", "-o") { Description = "Directory for model.zip, metrics.json, the offline store seed and the held-out clickstream.", Required = true };
var users = new Option<int>("--users") { Description = "Synthetic users (one visit each).", DefaultValueFactory = _ => 100_000 };
var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same data.", DefaultValueFactory = _ => 42 };
var events = new Option<FileInfo?>("--events") { Description = "Train on your own clickstream (JSON Lines of page views) instead of synthetic data." };
var purchases = new Option<FileInfo?>("--purchases") { Description = "Your own purchases (JSON Lines, the format of purchases.jsonl); required with --events." };
var trees = new Option<int>("--trees") { Description = "Boosted trees.", DefaultValueFactory = _ => new TrainerSettings().Trees };
var leaves = new Option<int>("--leaves") { Description = "Leaves per tree.", DefaultValueFactory = _ => new TrainerSettings().Leaves };

var command = new RootCommand("Generates data (or reads yours), trains the purchase-propensity model and evaluates it against the oracle.")
{
    output, users, seed, events, purchases, trees, leaves,
};
users.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() < 100) result.AddError("--users must be at least 100.");
});
command.Validators.Add(result =>
{
    if ((result.GetResult(events) is null) != (result.GetResult(purchases) is null)) result.AddError("--events and --purchases go together.");
});
command.SetAction(result => TrainingCommand.Run(new TrainingRequest
{
    OutputDirectory = result.GetValue(output)!.FullName,
    Users = result.GetValue(users),
    Seed = result.GetValue(seed),
    EventsFile = result.GetValue(events)?.FullName,
    PurchasesFile = result.GetValue(purchases)?.FullName,
    Trainer = new TrainerSettings { Trees = result.GetValue(trees), Leaves = result.GetValue(leaves) },
}));

return command.Parse(args).Invoke();
