using System.Diagnostics;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Monitoring;
using DaprPredictor.Domain.Outcomes;
using DaprPredictor.ModelServing;
using DaprPredictor.ModelTraining.Import;
using DaprPredictor.Synthetic;
using Microsoft.ML;

namespace DaprPredictor.ModelTraining;

/// <summary>
/// Data (synthetic, your own files, or a public dataset converted first) → point-in-time training set → time split →
/// FastTree → evaluation against the oracle (synthetic data only) and the base rate → output files.
/// </summary>
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
        var (events, purchases, oracle, conversion) = LoadData(request, progress);

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
        var graded = ProbabilityScores.Of(predicted, labels);
        var oracleScores = oracle is null ? null : ProbabilityScores.Of(test.Select(r => oracle[r.EventId]).ToArray(), labels);
        var baseRateScores = ProbabilityScores.Of(Enumerable.Repeat(baseRate, labels.Length).ToArray(), labels);
        card = ModelFile.UpdateCard(files.Model, c => c with
        {
            HeldOut = new HeldOutEvaluation(graded.Auc, graded.LogLoss, graded.Brier, graded.BaseRate, test.Length),
            FeatureDistributions = FeatureDistribution.OfAll(train.Select(r => r.Features).ToArray()),
        });
        progress?.Report(new(EvaluateStage, 1));

        var metrics = new TrainingMetrics(
            card.ModelVersion,
            FeatureSchema.Version,
            graded.Auc ?? double.NaN,
            graded.LogLoss,
            graded.Brier,
            oracleScores?.Auc,
            oracleScores?.LogLoss,
            oracleScores?.Brier,
            baseRate,
            baseRateScores.LogLoss,
            baseRateScores.Brier,
            oracleScores is null ? null : graded.LogLoss / oracleScores.LogLoss,
            oracleScores?.Auc is { } oracleAuc && graded.Auc is { } auc ? oracleAuc - auc : null,
            train.Length,
            test.Length,
            split.TrainSessions,
            split.TestSessions,
            split.At,
            oracle is null ? null : request.Users,
            oracle is null ? null : request.Seed,
            request.Trainer.Describe(),
            Math.Round(trainingClock.Elapsed.TotalSeconds, 2),
            TotalSeconds: 0);

        progress?.Report(new(WriteStage, null));
        var testIds = test.Select(r => r.EventId).ToHashSet(StringComparer.Ordinal);
        if (conversion is null) files.WritePurchases(purchases); // an import has written its own, every user's
        files.WriteHeldOut(
            events.Where(e => e.EventId is not null && testIds.Contains(e.EventId)),
            test.Select(r => new HeldOutLabel(r.EventId, r.Label, oracle?[r.EventId])));
        metrics = metrics with { TotalSeconds = Math.Round(total.Elapsed.TotalSeconds, 2) };
        files.WriteMetrics(metrics);
        progress?.Report(new(WriteStage, 1));

        return new TrainingResult(metrics, report, card, files, conversion);
    }

    private static (IReadOnlyList<PageViewEvent> Events, IReadOnlyList<PurchaseRecord> Purchases, Dictionary<string, double>? Oracle, ConversionReport? Conversion) LoadData(
        TrainingRequest request, IProgress<TrainingProgress>? progress)
    {
        if (request.Import is { } import)
        {
            if (request.EventsFile is not null) throw new ArgumentException("Import a dataset or train on your own files, not both.", nameof(request));
            var options = new ImportOptions { MaxEvents = request.MaxRows, SessionTimeout = request.TrainingSet.Window.SessionTimeout };
            var imported = ImportConverter.Convert(import, request.OutputDirectory, options, progress);
            progress?.Report(new(ReadStage, null));
            var sampled = imported.Events;
            progress?.Report(new(ReadStage, 1));
            return (sampled, imported.Purchases, null, imported.Report);
        }

        if (request.EventsFile is { } eventsFile)
        {
            if (request.PurchasesFile is null) throw new ArgumentException("Training on your own clickstream needs a purchases file too.", nameof(request));
            progress?.Report(new(ReadStage, null));
            var sample = new UserSample<PageViewEvent>(request.MaxRows);
            foreach (var e in JsonLines.StreamEvents(eventsFile)) sample.Add(UserHash.Of(e.UserId), e);
            var events = sample.Items;
            var data = (events, JsonLines.ReadPurchases(request.PurchasesFile), (Dictionary<string, double>?)null, (ConversionReport?)null);
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
        return (dataset.Clickstream().ToArray(), dataset.Purchases, oracle, null);
    }
}
