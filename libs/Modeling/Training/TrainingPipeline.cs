using System.Diagnostics;
using DaprPredictor.Domain.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Modeling.Evaluation;
using DaprPredictor.Modeling.Model;
using DaprPredictor.Modeling.TrainingSet;
using DaprPredictor.Synthetic;
using Microsoft.ML;

namespace DaprPredictor.Modeling.Training;

public sealed record TrainingRequest
{
    public required string OutputDirectory { get; init; }

    /// <summary>Synthetic data size; ignored when <see cref="EventsFile"/> is given.</summary>
    public int Users { get; init; } = 100_000;

    public int Seed { get; init; } = 42;

    /// <summary>Your own clickstream (JSON Lines of page views) instead of synthetic data; needs <see cref="PurchasesFile"/>.</summary>
    public string? EventsFile { get; init; }

    /// <summary>Your own purchases (JSON Lines of purchase records, the format of purchases.jsonl).</summary>
    public string? PurchasesFile { get; init; }

    /// <summary>The later share of sessions (by start time) held out for evaluation and replay.</summary>
    public double TestFraction { get; init; } = 0.2;

    public TrainerSettings Trainer { get; init; } = new();

    public TrainingSetOptions TrainingSet { get; init; } = new();
}

public sealed record TrainingProgress(string Stage, double? Fraction);

public sealed record TrainingResult(TrainingMetrics Metrics, TrainingSetReport Report, ModelCard Card, OutputFiles Files);

/// <summary>Data → point-in-time training set → time split → FastTree → evaluation against the oracle → output files.</summary>
public static class TrainingPipeline
{
    public const string GenerateStage = "Generating synthetic shop";
    public const string ReadStage = "Reading clickstream and purchases";
    public const string BuildStage = "Building point-in-time training set";
    public const string TrainStage = "Training boosted trees";
    public const string EvaluateStage = "Evaluating on the later held-out split";
    public const string WriteStage = "Writing model, metrics and offline store seed";

    /// <summary>The later share of training sessions kept for probability calibration.</summary>
    public const double CalibrationFraction = 0.1;

    public static TrainingResult Run(TrainingRequest request, IProgress<TrainingProgress>? progress = null)
    {
        var total = Stopwatch.StartNew();
        var (events, purchases, oracle) = LoadData(request, progress);

        progress?.Report(new(BuildStage, null));
        var (rows, report) = TrainingSetBuilder.Build(events, purchases, request.TrainingSet);
        if (rows.Length == 0) throw new InvalidOperationException("No event survived cleaning: there is nothing to train on.");
        progress?.Report(new(BuildStage, 1));

        var split = TimeSplit.Compute(rows, request.TestFraction);
        var train = rows.Where(r => !split.IsTest(r)).ToArray();
        var test = rows.Where(split.IsTest).ToArray();
        if (train.Length == 0 || test.Length == 0 || train.All(r => r.Label) || !train.Any(r => r.Label))
        {
            throw new InvalidOperationException($"The time split left {train.Length} training and {test.Length} test rows with both labels needed in training: more data is needed.");
        }

        progress?.Report(new(TrainStage, null));
        var context = new MLContext(seed: request.Trainer.Seed);
        var trainingClock = Stopwatch.StartNew();
        var calibrationSplit = TimeSplit.Compute(train, CalibrationFraction);
        var (model, inputSchema) = PropensityTrainer.Train(
            context, train.Where(r => !calibrationSplit.IsTest(r)).ToArray(), train.Where(calibrationSplit.IsTest).ToArray(), request.Trainer);
        trainingClock.Stop();
        Directory.CreateDirectory(request.OutputDirectory);
        var files = new OutputFiles(request.OutputDirectory);
        var card = ModelFile.Save(context, model, inputSchema, files.Model, request.Trainer.Describe(), train.Length, DateTimeOffset.UtcNow);
        progress?.Report(new(TrainStage, 1));

        progress?.Report(new(EvaluateStage, null));
        var predictor = new PooledPredictor(ModelFile.Load(files.Model));
        var predicted = new double[test.Length];
        Parallel.For(0, test.Length, i => predicted[i] = predictor.Predict(test[i].Features));
        var labels = test.Select(r => r.Label).ToArray();
        var baseRate = train.Average(r => r.Label ? 1.0 : 0.0);
        var oracleProbabilities = oracle is null ? null : test.Select(r => oracle[r.EventId]).ToArray();
        var logLoss = BinaryMetrics.LogLoss(predicted, labels);
        var auc = BinaryMetrics.Auc(predicted, labels);
        double? oracleLogLoss = oracleProbabilities is null ? null : BinaryMetrics.LogLoss(oracleProbabilities, labels);
        double? oracleAuc = oracleProbabilities is null ? null : BinaryMetrics.Auc(oracleProbabilities, labels);
        progress?.Report(new(EvaluateStage, 1));

        var metrics = new TrainingMetrics(
            card.ModelVersion,
            FeatureSchema.Version,
            auc,
            logLoss,
            BinaryMetrics.Brier(predicted, labels),
            oracleAuc,
            oracleLogLoss,
            oracleProbabilities is null ? null : BinaryMetrics.Brier(oracleProbabilities, labels),
            baseRate,
            BinaryMetrics.LogLoss(Enumerable.Repeat(baseRate, labels.Length).ToArray(), labels),
            oracleLogLoss is { } ol ? logLoss / ol : null,
            oracleAuc is { } oa ? oa - auc : null,
            train.Length,
            test.Length,
            split.TrainSessions,
            split.TestSessions,
            split.At,
            request.EventsFile is null ? request.Users : null,
            request.EventsFile is null ? request.Seed : null,
            request.Trainer.Describe(),
            Math.Round(trainingClock.Elapsed.TotalSeconds, 2),
            TotalSeconds: 0);

        progress?.Report(new(WriteStage, null));
        var testIds = test.Select(r => r.EventId).ToHashSet(StringComparer.Ordinal);
        files.WritePurchases(purchases);
        files.WriteHeldOut(
            events.Where(e => e.EventId is not null && testIds.Contains(e.EventId)),
            test.Select(r => new HeldOutLabel(r.EventId, r.Label, oracle?[r.EventId])));
        metrics = metrics with { TotalSeconds = Math.Round(total.Elapsed.TotalSeconds, 2) };
        files.WriteMetrics(metrics);
        progress?.Report(new(WriteStage, 1));

        return new TrainingResult(metrics, report, card, files);
    }

    private static (IReadOnlyList<PageViewEvent> Events, IReadOnlyList<PurchaseRecord> Purchases, Dictionary<string, double>? Oracle) LoadData(
        TrainingRequest request, IProgress<TrainingProgress>? progress)
    {
        if (request.EventsFile is { } eventsFile)
        {
            if (request.PurchasesFile is null) throw new ArgumentException("Training on your own clickstream needs a purchases file too.", nameof(request));
            progress?.Report(new(ReadStage, null));
            var data = (JsonLines.ReadEvents(eventsFile), JsonLines.ReadPurchases(request.PurchasesFile), (Dictionary<string, double>?)null);
            progress?.Report(new(ReadStage, 1));
            return data;
        }

        var generation = new Progress<double>(f => progress?.Report(new(GenerateStage, f)));
        var dataset = SyntheticGenerator.Generate(new SyntheticOptions { Users = request.Users, Seed = request.Seed }, generation);
        var oracle = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var session in dataset.Sessions)
        {
            for (var i = 0; i < session.Events.Length; i++) oracle[session.Events[i].EventId!] = session.OracleProbabilities[i];
        }

        progress?.Report(new(GenerateStage, 1));
        return (dataset.Clickstream().ToArray(), dataset.Purchases, oracle);
    }
}

/// <summary>Holds out the sessions that start last: the model is judged on a later period than it learned from.</summary>
public sealed record TimeSplit(DateTimeOffset At, int TrainSessions, int TestSessions)
{
    public bool IsTest(TrainingRow row) => row.SessionStart >= At;

    public static TimeSplit Compute(IReadOnlyList<TrainingRow> rows, double testFraction)
    {
        var starts = rows.Select(r => (r.UserId, r.SessionOrdinal, r.SessionStart)).Distinct().Select(s => s.SessionStart).Order().ToArray();
        var index = Math.Clamp((int)Math.Floor(starts.Length * (1 - testFraction)), 1, starts.Length - 1);
        var at = starts[index];
        var train = starts.Count(s => s < at);
        return new TimeSplit(at, train, starts.Length - train);
    }
}
