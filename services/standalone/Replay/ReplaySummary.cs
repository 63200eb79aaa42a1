using System.Globalization;
using DaprPredictor.Modeling.Evaluation;
using DaprPredictor.Standalone.Embedded;
using Spectre.Console;

namespace DaprPredictor.Standalone.Replay;

/// <summary>What the replay did: where every event ended, how fast, how well, and a few predictions.</summary>
public static class ReplaySummary
{
    public static void Write(IAnsiConsole console, ReplayResult result, LatencyHistogram latency, PredictionLog predictions, DeadLetterLog deadLetters)
    {
        var c = result.Counts;
        var settled = c.Scored + c.DeadLetteredTotal + c.Duplicates;
        var fates = new Table().Title("Where every event ended").AddColumn("Fate").AddColumn(new TableColumn("Events").RightAligned());
        fates.AddRow("received", $"{result.Stream.Count:N0}");
        fates.AddRow("scored", $"{c.Scored:N0}" + (c.Degraded > 0 ? $" ({c.Degraded:N0} degraded)" : string.Empty));
        foreach (var (reason, count) in c.DeadLettered.OrderByDescending(r => r.Value)) fates.AddRow($"dead-lettered: {reason}", $"{count:N0}");
        fates.AddRow("duplicates", $"{c.Duplicates:N0}");
        fates.AddRow("[grey]redelivered after a transient failure[/]", $"[grey]{c.Retried:N0}[/]");
        fates.AddRow(settled == result.Stream.Count ? "[green]accounted for[/]" : "[red]NOT accounted for[/]", $"{settled:N0}");
        console.Write(fates);

        var seconds = result.Elapsed.TotalSeconds;
        console.MarkupLineInterpolated($"Throughput: [bold]{result.Stream.Count / seconds:N0} events/s[/] ({result.Stream.Count:N0} in {seconds:0.00}s, {Environment.ProcessorCount} cores)");
        console.MarkupLineInterpolated($"Latency per event (dequeue to settled): p50 [bold]{Micros(latency.Percentile(0.50))}[/], p99 [bold]{Micros(latency.Percentile(0.99))}[/], p99.9 {Micros(latency.Percentile(0.999))}");
        console.MarkupLineInterpolated($"Memory: peak working set {result.PeakWorkingSetBytes / 1048576.0:N0} MB; {result.LiveWindows:N0} user windows live at the end (expired ones are swept)");

        if (result.Stream.Truth is { } truth) WriteQuality(console, truth, predictions);

        var examples = new Table().Title("Latest predictions").AddColumn("User").AddColumn("Session").AddColumn("Event").AddColumn(new TableColumn("Probability").RightAligned()).AddColumn("Model");
        foreach (var p in predictions.Recent.TakeLast(5)) examples.AddRow(p.UserId, p.SessionId, p.EventId, p.Probability.ToString("0.0000", CultureInfo.InvariantCulture), p.ModelVersion);
        console.Write(examples);
        foreach (var letter in deadLetters.Recent.TakeLast(3)) console.MarkupLineInterpolated($"[grey]dead letter: {letter.Reason}: {letter.Detail}[/]");
    }

    /// <summary>The served probabilities against what really happened, next to the oracle: the model serves as well as it trained.</summary>
    private static void WriteQuality(IAnsiConsole console, IReadOnlyDictionary<string, Truth> truth, PredictionLog predictions)
    {
        var scored = predictions.Captured.Where(p => truth.ContainsKey(p.Key)).Select(p => (P: p.Value, T: truth[p.Key])).ToArray();
        if (scored.Length == 0 || scored.All(s => s.T.Label) || !scored.Any(s => s.T.Label)) return;
        var labels = scored.Select(s => s.T.Label).ToArray();
        var served = scored.Select(s => s.P).ToArray();
        var line = $"Served predictions on {scored.Length:N0} events: AUC {BinaryMetrics.Auc(served, labels):0.0000}, log loss {BinaryMetrics.LogLoss(served, labels):0.0000}";
        if (scored.All(s => s.T.Oracle is not null))
        {
            var oracle = scored.Select(s => s.T.Oracle!.Value).ToArray();
            line += $" (oracle: AUC {BinaryMetrics.Auc(oracle, labels):0.0000}, log loss {BinaryMetrics.LogLoss(oracle, labels):0.0000})";
        }

        console.WriteLine(line);
    }

    private static string Micros(TimeSpan value) => value.TotalMilliseconds >= 1 ? $"{value.TotalMilliseconds:0.00} ms" : $"{value.TotalMicroseconds:0} µs";
}
