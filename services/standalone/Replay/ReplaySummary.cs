using System.Globalization;
using DaprPredictor.Embedded;
using DaprPredictor.Pipeline.Monitoring;
using DaprPredictor.Standalone.Sinks;
using Spectre.Console;

namespace DaprPredictor.Standalone.Replay;

/// <summary>What the replay did: where every event ended, how fast, how well, and a few predictions.</summary>
public static class ReplaySummary
{
    public static void Write(IAnsiConsole console, ReplayResult result, LatencyHistogram latency, PredictionSink predictions, DeadLetterSink deadLetters, LiveGrading grading)
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
        var cost = result.Cost;
        var events = Math.Max(1, result.Stream.Count);
        console.MarkupLineInterpolated($"Cost per event: CPU {cost.Cpu.TotalMicroseconds / events:0.00} µs (all threads, reading the feed included; {cost.Collections[0]:N0} garbage collections ({cost.Collections[1]:N0} of gen1, {cost.Collections[2]:N0} of gen2) pausing {cost.GcPauses.TotalMilliseconds:N0} ms in all), allocated {cost.PipelineAllocatedBytes / (double)events:N0} B by the pipeline, {cost.AllocatedBytes / (double)events:N0} B in all");
        console.MarkupLineInterpolated($"Memory: the pipeline retained {result.RetainedBytes / 1048576.0:N1} MB after the replay, {result.LiveWindows:N0} user windows live (expired ones are swept); peak working set {result.PeakWorkingSetBytes / 1048576.0:N0} MB including the generated stream");

        if (predictions.Evaluation?.Result() is { } quality)
        {
            var line = $"Served predictions on {quality.Events:N0} events: AUC {quality.Auc:0.0000}, log loss {quality.LogLoss:0.0000}";
            if (quality.OracleAuc is { } oracleAuc) line += $" (oracle: AUC {oracleAuc:0.0000}, log loss {quality.OracleLogLoss:0.0000})";
            console.WriteLine(line);
        }

        // The pipeline's own grade, from the purchases it was sent and training's label rule: what an operator sees live.
        var live = grading.Overall();
        if (live.Count > 0)
        {
            var line = $"Live grading (the pipeline's own labels from the {grading.GradedPositive:N0} predictions followed by a purchase and {grading.Graded - grading.GradedPositive:N0} whose session ended without one): " +
                $"log loss {live.LogLoss:0.0000} (base rate {live.BaseRate:P1} alone: {live.BaseRateLogLoss:0.0000}), Brier {live.Brier:0.0000}";
            if (live.Auc is { } liveAuc) line += $", AUC {liveAuc:0.0000}";
            if (grading.Ungraded > 0) line += $"; {grading.Ungraded:N0} left ungraded by its memory bounds";
            console.WriteLine(line);
        }

        var examples = new Table().Title("Latest predictions").AddColumn("User").AddColumn("Session").AddColumn("Event").AddColumn(new TableColumn("Probability").RightAligned()).AddColumn("Model");
        foreach (var p in predictions.Recent.TakeLast(5)) examples.AddRow(p.UserId, p.SessionId, p.EventId, p.Probability.ToString("0.0000", CultureInfo.InvariantCulture), p.ModelVersion);
        console.Write(examples);
        foreach (var letter in deadLetters.Recent.TakeLast(3)) console.MarkupLineInterpolated($"[grey]dead letter: {letter.Reason}: {letter.Detail}[/]");
    }

    private static string Micros(TimeSpan value) => value.TotalMilliseconds >= 1 ? $"{value.TotalMilliseconds:0.00} ms" : $"{value.TotalMicroseconds:0} µs";
}
