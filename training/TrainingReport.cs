using System.Globalization;
using DaprPredictor.Contracts;
using DaprPredictor.ModelTraining;
using Spectre.Console;

namespace DaprPredictor.Training;

public static class TrainingReport
{
    public static void Write(IAnsiConsole console, TrainingResult result)
    {
        if (result.Conversion is { } conversion) WriteConversion(console, conversion);

        var m = result.Metrics;
        var hasOracle = m.OracleAuc is not null;
        var table = new Table().Title($"Held-out split ({m.TestRows:N0} events, sessions from {m.SplitAt:yyyy-MM-dd HH:mm} UTC)")
            .AddColumn("Metric").AddColumn(new TableColumn("Model").RightAligned());
        if (hasOracle) table.AddColumn(new TableColumn("Oracle").RightAligned());
        table.AddColumn(new TableColumn("Base rate").RightAligned());
        table.AddRow(Row(hasOracle, "AUC", m.Auc, m.OracleAuc, 0.5));
        table.AddRow(Row(hasOracle, "Log loss", m.LogLoss, m.OracleLogLoss, m.BaseRateLogLoss));
        table.AddRow(Row(hasOracle, "Brier", m.Brier, m.OracleBrier, m.BaseRateBrier));
        if (!hasOracle) table.Caption("No oracle for real data");
        console.Write(table);

        if (m.LogLossToOracle is { } ratio && m.AucGapToOracle is { } gap)
        {
            console.MarkupLineInterpolated($"Log loss / oracle: [bold]{ratio:0.000}[/] (target ≤ 1.050)   Oracle AUC − model AUC: [bold]{gap:0.0000}[/] (target ≤ 0.0200)");
        }
        else
        {
            console.MarkupLineInterpolated($"No oracle: on real data the best possible probability is unknown, so the model is judged against the base rate. Log loss / base rate: [bold]{m.LogLoss / m.BaseRateLogLoss:0.000}[/]   Brier / base rate: [bold]{m.Brier / m.BaseRateBrier:0.000}[/] (below 1: the model knows more than the share of buying moments)");
        }

        var r = result.Report;
        console.MarkupLineInterpolated($"Events {r.Events:N0}: {r.Rows:N0} rows, {r.Duplicates:N0} duplicates, {r.Late:N0} late, {r.RejectedTotal:N0} rejected; {r.Sessions:N0} sessions, {r.PurchasingSessions:N0} ending in a purchase.");
        console.MarkupLineInterpolated($"Train {m.TrainRows:N0} rows / test {m.TestRows:N0} rows; base rate {m.BaseRate:P2}; training took {m.TrainingSeconds:0.0}s, everything {m.TotalSeconds:0.0}s.");
        console.MarkupLineInterpolated($"Model {m.ModelVersion} (feature schema v{m.FeatureSchemaVersion}) written to {result.Files.Directory}");
        foreach (var file in result.Files.All) console.MarkupLineInterpolated($"  {Path.GetFileName(file)}");
    }

    private static void WriteConversion(IAnsiConsole console, ConversionReport c)
    {
        console.MarkupLineInterpolated($"Converted {c.Format} ({c.Files.Count} file{(c.Files.Count == 1 ? "" : "s")}): {c.Rows:N0} rows → {c.Events:N0} page views, {c.PurchaseRows:N0} purchase rows in {c.Purchases:N0} orders, {c.BadRowsTotal:N0} bad rows; {c.Seconds:0.0}s ({c.RowsPerSecond:N0} rows/s{(c.SpilledRuns > 0 ? $", sorted through {c.SpilledRuns} runs on disk" : "")}).");
        if (c.FirstEventAt is { } first && c.LastEventAt is { } last) console.MarkupLineInterpolated($"Page views from {first:yyyy-MM-dd HH:mm} to {last:yyyy-MM-dd HH:mm} UTC{(c.DerivedSessions is { } sessions ? $"; {sessions:N0} sessions cut from inactivity" : "")}.");
        if (c.BadRows.Count > 0)
        {
            var table = new Table().Title("Bad rows (skipped, by reason)").AddColumn("Reason").AddColumn(new TableColumn("Rows").RightAligned()).AddColumn("First at");
            foreach (var (reason, count) in c.BadRows.OrderByDescending(b => b.Value)) table.AddRow(reason, count.ToString("N0", CultureInfo.InvariantCulture), c.FirstBadRows.GetValueOrDefault(reason, ""));
            console.Write(table);
        }

        var s = c.Sample;
        if (s.UserShare < 1) console.MarkupLineInterpolated($"Training on a sample of whole users: {s.Users:N0} users ({s.UserShare:P1} of the hash range), {s.Events:N0} page views (--max-rows {s.MaxEvents:N0}).");
        else console.MarkupLineInterpolated($"Training on every user: {s.Users:N0} users, {s.Events:N0} page views.");
    }

    private static string[] Row(bool hasOracle, string metric, double model, double? oracle, double baseRate) =>
        hasOracle ? [metric, F(model), F(oracle), F(baseRate)] : [metric, F(model), F(baseRate)];

    private static string F(double? value) => value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";
}
