using System.Collections.Concurrent;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Outcomes;
using DaprPredictor.Domain.Windows;

namespace DaprPredictor.ModelTraining;

/// <summary>
/// Builds a point-in-time-correct training set from any clickstream and purchase table (synthetic or your own).
/// Each user's events are folded in event-time order through the same cleaning, window rules and feature assembly
/// the services run, so a row sees only the events before it in its session, and purchases strictly before its
/// session start (<see cref="PointInTime.OfflineAsOf(WindowBuffer)"/>). Labels follow <see cref="PurchaseAttribution"/> with
/// <see cref="TrainingSetOptions.AttributionWindow"/>.
/// </summary>
public static class TrainingSetBuilder
{
    public static (TrainingRow[] Rows, TrainingSetReport Report) Build(
        IEnumerable<PageViewEvent> events, IReadOnlyList<PurchaseRecord> purchases, TrainingSetOptions options)
    {
        var rejected = new ConcurrentDictionary<RejectReason, int>();
        var byUser = new Dictionary<string, List<CleanPageView>>(StringComparer.Ordinal);
        var total = 0;
        foreach (var raw in events)
        {
            total++;
            var result = PageViewCleaner.Clean(raw, now: null, options.Cleaning);
            if (result.Event is not { } clean)
            {
                rejected.AddOrUpdate(result.Rejection!.Reason, 1, (_, n) => n + 1);
                continue;
            }

            if (!byUser.TryGetValue(clean.UserId, out var list)) byUser[clean.UserId] = list = [];
            list.Add(clean);
        }

        var purchasesByUser = purchases.GroupBy(p => p.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var perUser = new ConcurrentBag<(List<TrainingRow> Rows, int Duplicates, int Late, int Sessions, int Purchasing)>();
        Parallel.ForEach(byUser, entry =>
        {
            purchasesByUser.TryGetValue(entry.Key, out var history);
            perUser.Add(BuildUser(entry.Value, history ?? [], options));
        });

        var rows = perUser.SelectMany(u => u.Rows).OrderBy(r => r.Timestamp).ThenBy(r => r.EventId, StringComparer.Ordinal).ToArray();
        var report = new TrainingSetReport(
            total,
            rows.Length,
            perUser.Sum(u => u.Duplicates),
            perUser.Sum(u => u.Late),
            rejected.ToDictionary(),
            perUser.Sum(u => u.Sessions),
            perUser.Sum(u => u.Purchasing));
        return (rows, report);
    }

    private static (List<TrainingRow>, int, int, int, int) BuildUser(List<CleanPageView> events, PurchaseRecord[] history, TrainingSetOptions options)
    {
        // Stable: events with equal timestamps keep their arrival order, as the window would see them.
        var ordered = events.OrderBy(e => e.Timestamp).ToList();
        var rows = new List<TrainingRow>(ordered.Count);
        int duplicates = 0, late = 0, sessions = 0, purchasing = 0;
        var attribution = new PurchaseAttribution(options.AttributionWindow);
        var window = new WindowBuffer();
        var sessionFirstRow = 0;
        PurchaseFeatures? offline = null;
        DateTimeOffset offlineAsOf = default;

        foreach (var e in ordered)
        {
            switch (WindowRules.ApplyInPlace(window, e, options.Window))
            {
                case WindowOutcome.Duplicate: duplicates++; continue;
                case WindowOutcome.Late: late++; continue;
                case WindowOutcome.SessionStarted:
                    if (rows.Count > sessionFirstRow && LabelSession(rows, sessionFirstRow, history, attribution)) purchasing++;
                    sessionFirstRow = rows.Count;
                    sessions++;
                    break;
            }

            var asOf = PointInTime.OfflineAsOf(window);
            if (offline is null || asOf != offlineAsOf)
            {
                offline = PurchaseFeatures.From(PurchaseSummary.FromHistory(history, asOf), asOf);
                offlineAsOf = asOf;
            }

            var vector = FeatureVector.Assemble(RealtimeFeatures.From(window), offline);
            rows.Add(new TrainingRow(e.EventId, e.UserId, sessions, e.Timestamp, window.SessionStart, vector, Label: false));
        }

        if (rows.Count > sessionFirstRow && LabelSession(rows, sessionFirstRow, history, attribution)) purchasing++;
        return (rows, duplicates, late, sessions, purchasing);
    }

    /// <summary>Labels the rows of one session in place; true when the session ended in a purchase.</summary>
    private static bool LabelSession(List<TrainingRow> rows, int first, PurchaseRecord[] history, PurchaseAttribution attribution)
    {
        var lastEventAt = rows[first].Timestamp;
        for (var i = first + 1; i < rows.Count; i++)
        {
            if (rows[i].Timestamp > lastEventAt) lastEventAt = rows[i].Timestamp;
        }

        var outcome = attribution.Of(history, lastEventAt);
        var any = false;
        for (var i = first; i < rows.Count; i++)
        {
            if (!outcome.IsPositive(rows[i].Timestamp)) continue;
            rows[i] = rows[i] with { Label = true };
            any = true;
        }

        return any;
    }
}
