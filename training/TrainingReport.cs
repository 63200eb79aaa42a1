using System.Globalization;
using DaprPredictor.ModelTraining;
using Spectre.Console;

namespace DaprPredictor.Training;

public static class TrainingReport
{
    public static void Write(IAnsiConsole console, TrainingResult result)
    {
        var m = result.Metrics;
        var table = new Table().Title($"Held-out split ({m.TestRows:N0} events, sessions from {m.SplitAt:yyyy-MM-dd HH:mm} UTC)")
            .AddColumn("Metric").AddColumn(new TableColumn("Model").RightAligned())
            .AddColumn(new TableColumn("Oracle").RightAligned()).AddColumn(new TableColumn("Base rate").RightAligned());
        table.AddRow("AUC", F(m.Auc), F(m.OracleAuc), "0.5000");
        table.AddRow("Log loss", F(m.LogLoss), F(m.OracleLogLoss), F(m.BaseRateLogLoss));
        table.AddRow("Brier", F(m.Brier), F(m.OracleBrier), "");
        console.Write(table);

        if (m.LogLossToOracle is { } ratio && m.AucGapToOracle is { } gap)
        {
            console.MarkupLineInterpolated($"Log loss / oracle: [bold]{ratio:0.000}[/] (target ≤ 1.050)   Oracle AUC − model AUC: [bold]{gap:0.0000}[/] (target ≤ 0.0200)");
        }

        var r = result.Report;
        console.MarkupLineInterpolated($"Events {r.Events:N0}: {r.Rows:N0} rows, {r.Duplicates:N0} duplicates, {r.Late:N0} late, {r.RejectedTotal:N0} rejected; {r.Sessions:N0} sessions, {r.PurchasingSessions:N0} ending in a purchase.");
        console.MarkupLineInterpolated($"Train {m.TrainRows:N0} rows / test {m.TestRows:N0} rows; base rate {m.BaseRate:P2}; training took {m.TrainingSeconds:0.0}s, everything {m.TotalSeconds:0.0}s.");
        console.MarkupLineInterpolated($"Model {m.ModelVersion} (feature schema v{m.FeatureSchemaVersion}) written to {result.Files.Directory}");
        foreach (var file in result.Files.All) console.MarkupLineInterpolated($"  {Path.GetFileName(file)}");
    }

    private static string F(double? value) => value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";
}
