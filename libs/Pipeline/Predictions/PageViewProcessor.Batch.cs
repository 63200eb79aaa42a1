using System.Diagnostics;
using System.Text;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Windows;
using DaprPredictor.Pipeline.Seams;
using Microsoft.Extensions.Logging;

namespace DaprPredictor.Pipeline.Predictions;

/// <summary>
/// A bulk delivery: the same rules and fates as one event at a time, with one call per step for the whole batch instead
/// of one per event. The batch is grouped by user, and each user's events are applied in delivery order to one window:
/// one bulk read of the windows, one batch lookup of the offline features the new sessions need (every user and
/// session start the batch lacks), one scoring call, one bulk publish of the predictions, one bulk save of the windows, one bulk publish of
/// the dead letters. Every entry gets its own fate. A failed step hands back only the events it concerns; a user whose
/// save lost to another writer is re-read and redone (its other events are not), at most
/// <see cref="PipelineOptions.MaxConflictRetries"/> times in all: the window's event-id dedupe makes a redo idempotent.
/// As for one event, a prediction is published before its window is saved, so what is handed back left no trace.
/// A scoring call the scorer refuses (<see cref="ScorerRefusedException"/>) dead-letters every event it was for.
/// </summary>
public sealed partial class PageViewProcessor
{
    /// <summary>Processes a bulk delivery; one fate per entry, in order. Only cancellation throws.</summary>
    public async Task<IReadOnlyList<BatchFate>> ProcessBatchAsync(IReadOnlyList<BatchEntry> entries, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var batch = new BatchState(entries.Count);
        try
        {
            var now = _clock.GetUtcNow();
            for (var i = 0; i < entries.Count; i++)
            {
                _metrics.Received();
                Admit(batch, i, entries[i], now);
            }

            var offline = new Dictionary<(string UserId, DateTimeOffset AsOf), OfflineLookup>();
            var users = batch.Users;
            for (var attempt = 1; users.Count > 0; attempt++)
            {
                users = await WindowRoundAsync(batch, users, attempt, offline, started, cancellationToken);
            }

            await DeadLetterAsync(batch, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not expected (every call to a seam is guarded); what is still open is handed back, so the counts still add up.
            Retry(batch, Enumerable.Range(0, entries.Count).Where(i => batch.Fates[i] is null), ex);
        }

        return [.. batch.Fates.Select(f => f ?? BatchFate.Retried)];
    }

    /// <summary>Reads and cleans an entry: an invalid one waits for the batch's dead letters, a valid one joins its user's events.</summary>
    private void Admit(BatchState batch, int index, BatchEntry entry, DateTimeOffset now)
    {
        if (entry.Problem is { } problem)
        {
            batch.Letters.Add(new Letter(index, problem, null, entry.Received ?? Encoding.UTF8.GetString(entry.Data.Span)));
            return;
        }

        if (!PageViewJson.TryParse(entry.Data.Span, out var raw, out var rejection))
        {
            batch.Letters.Add(new Letter(index, rejection!, null, Encoding.UTF8.GetString(entry.Data.Span)));
            return;
        }

        var cleaned = PageViewCleaner.Clean(raw!, now, _cleaning);
        if (cleaned.Event is not { } e)
        {
            batch.Letters.Add(new Letter(index, cleaned.Rejection!, raw, Encoding.UTF8.GetString(entry.Data.Span)));
            return;
        }

        if (!batch.ByUser.TryGetValue(e.UserId, out var user))
        {
            batch.ByUser[e.UserId] = user = new UserEvents(e.UserId);
            batch.Users.Add(user);
        }

        user.Events.Add(new Pending(index, e, raw!, entry.Data));
    }

    /// <summary>
    /// One pass over <paramref name="users"/>: read, apply, look up, score, publish, save. Returns the users whose save
    /// lost to another writer and that may be tried again.
    /// </summary>
    private async Task<List<UserEvents>> WindowRoundAsync(
        BatchState batch, List<UserEvents> users, int attempt, Dictionary<(string UserId, DateTimeOffset AsOf), OfflineLookup> offline, long started, CancellationToken cancellationToken)
    {
        IReadOnlyList<StateEntry<UserState>?> reads;
        try
        {
            reads = await _state.GetBulkAsync([.. users.Select(u => StateKey(u.UserId))], ContractsJsonContext.Default.UserState, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Retry(batch, users.SelectMany(u => u.Events).Select(p => p.Index), ex);
            return [];
        }

        var plans = new List<UserPlan>(users.Count);
        for (var k = 0; k < users.Count; k++)
        {
            if (reads[k] is { } entry)
            {
                if (Plan(batch, users[k], entry) is { Steps.Count: > 0 } plan) plans.Add(plan);
            }
            else
            {
                Retry(batch, users[k].Events.Select(p => p.Index), new InvalidOperationException($"the window of user '{users[k].UserId}' could not be read."));
            }
        }

        var steps = plans.SelectMany(p => p.Steps).ToList();
        if (steps.Count == 0) return [];

        await FillOfflineAsync(plans, offline, cancellationToken);
        try
        {
            var scores = await _scorer.ScoreBatchAsync([.. steps.Select(s => Vector(s.After, s.Offline))], cancellationToken);
            if (scores.Count != steps.Count) throw new InvalidDataException($"the scorer answered {scores.Count} scores for {steps.Count} vectors.");
            for (var i = 0; i < steps.Count; i++) steps[i].Prediction = NewPrediction(steps[i].Pending.Event, scores[i], steps[i].Offline, started);

            var unpublished = await _publisher.PublishBulkAsync(
                Topology.PredictionsTopic, [.. steps.Select(s => new OutgoingMessage<Prediction>(s.Prediction!, s.Pending.Event.UserId))], ContractsJsonContext.Default.Prediction, cancellationToken);
            foreach (var i in unpublished) steps[i].Unpublished = true;
        }
        catch (ScorerRefusedException refused)
        {
            // The scorer scores a request whole or not at all, and its refusal names the request: every event it was
            // for is dead-lettered with it (its detail lists the vectors at fault), nothing of them saved or published.
            var rejection = Refused(refused);
            foreach (var step in steps) batch.Letters.Add(step.Pending.Letter(rejection));
            return [];
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Retry(batch, steps.Select(s => s.Pending.Index), ex);
            return [];
        }

        // A user's window is saved up to its first event whose prediction the broker did not take; that event and the
        // user's later ones are handed back (saving past it would make its redelivery a duplicate, its prediction lost).
        var saving = new List<UserPlan>(plans.Count);
        foreach (var plan in plans)
        {
            var first = plan.Steps.FindIndex(s => s.Unpublished);
            if (first >= 0)
            {
                Retry(batch, plan.Steps.Skip(first).Select(s => s.Pending.Index), new InvalidOperationException($"the prediction of event '{plan.Steps[first].Pending.Event.EventId}' was not published."));
                plan.Steps.RemoveRange(first, plan.Steps.Count - first);
            }

            if (plan.Steps.Count > 0) saving.Add(plan);
        }

        if (saving.Count == 0) return [];
        IReadOnlyList<SaveOutcome> outcomes;
        try
        {
            var writes = saving.Select(p => new StateWrite<UserState>(StateKey(p.User.UserId), new UserState(p.Steps[^1].After, p.Steps[^1].Prediction, p.Steps[^1].Offline.Features), p.ETag));
            outcomes = await _state.TrySaveBulkAsync([.. writes], _window.StateTtl, ContractsJsonContext.Default.UserState, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Retry(batch, saving.SelectMany(p => p.Steps).Select(s => s.Pending.Index), ex);
            return [];
        }

        var redo = new List<UserEvents>();
        for (var k = 0; k < saving.Count; k++)
        {
            var plan = saving[k];
            switch (outcomes[k])
            {
                case SaveOutcome.Saved:
                    foreach (var step in plan.Steps) Settle(batch, step, started);
                    break;
                case SaveOutcome.Conflict when attempt < _options.MaxConflictRetries:
                    _metrics.Conflict();
                    redo.Add(new UserEvents(plan.User.UserId, [.. plan.Steps.Select(s => s.Pending)]));
                    break;
                case SaveOutcome.Conflict:
                    _metrics.Conflict();
                    Retry(batch, plan.Steps.Select(s => s.Pending.Index), new StateConflictException($"the window of user '{plan.User.UserId}' changed under {_options.MaxConflictRetries} consecutive attempts."));
                    break;
                default:
                    Retry(batch, plan.Steps.Select(s => s.Pending.Index), new InvalidOperationException($"the window of user '{plan.User.UserId}' was not saved."));
                    break;
            }
        }

        return redo;
    }

    /// <summary>
    /// Applies a user's events in delivery order to the window read (one buffer, changed in place); duplicates and late
    /// events are settled here, the rest become steps, each with a snapshot of the window it makes.
    /// </summary>
    private UserPlan Plan(BatchState batch, UserEvents user, StateEntry<UserState> entry)
    {
        var plan = new UserPlan(user, entry.ETag, entry.Value?.SessionOffline);
        var window = WindowBuffer.Of(entry.Value?.Window);
        foreach (var pending in user.Events)
        {
            var beyondDedupeWindow = BeyondDedupeWindow(window, pending.Event);
            switch (WindowRules.ApplyInPlace(window, pending.Event, _window))
            {
                case WindowOutcome.Duplicate:
                    _metrics.Duplicate();
                    batch.Fates[pending.Index] = BatchFate.Duplicate;
                    continue;
                case WindowOutcome.Late:
                    if (beyondDedupeWindow) _metrics.BeyondDedupeWindow();
                    batch.Letters.Add(pending.Letter(Late(window.LastEventAt)));
                    continue;
            }

            plan.Steps.Add(new Step(pending, beyondDedupeWindow, window.ToWindow()!));
        }

        return plan;
    }

    /// <summary>
    /// The offline features of each step, as of its session's start: the ones kept in the user's state when the session
    /// is the same, otherwise one batch lookup for every user and session start the batch lacks (one call, with the
    /// single path's deadline and cold-start fallback), remembered for the rest of the batch.
    /// </summary>
    private async Task FillOfflineAsync(List<UserPlan> plans, Dictionary<(string UserId, DateTimeOffset AsOf), OfflineLookup> known, CancellationToken cancellationToken)
    {
        var missing = plans
            .SelectMany(p => p.Steps.Select(s => (p.User.UserId, AsOf: PointInTime.OfflineAsOf(s.After), p.SessionOffline)))
            .Where(s => s.SessionOffline?.AsOf != s.AsOf && !known.ContainsKey((s.UserId, s.AsOf)))
            .Select(s => (s.UserId, s.AsOf))
            .Distinct()
            .ToList();
        if (missing.Count > 0)
        {
            var lookups = await LookupOfflineBatchAsync([.. missing.Select(m => new OfflineFeaturesPair(m.UserId, m.AsOf))], cancellationToken);
            for (var i = 0; i < missing.Count; i++) known[missing[i]] = lookups[i];
        }

        foreach (var plan in plans)
        {
            foreach (var step in plan.Steps)
            {
                var asOf = PointInTime.OfflineAsOf(step.After);
                step.Offline = plan.SessionOffline?.AsOf == asOf ? new OfflineLookup(plan.SessionOffline, Degraded: false) : known[(plan.User.UserId, asOf)];
            }
        }
    }

    /// <summary>
    /// The features of <paramref name="pairs"/> in one call, or cold-start defaults (degraded) for all of them when the
    /// call fails or is late: the single lookup's deadline (<see cref="PipelineOptions.OfflineFeaturesTimeout"/>) and
    /// fallback, for the batch as a whole. Only the caller's cancellation throws.
    /// </summary>
    private async Task<OfflineLookup[]> LookupOfflineBatchAsync(OfflineFeaturesPair[] pairs, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.OfflineFeaturesTimeout);
        try
        {
            var features = await _offline.GetBatchAsync(pairs, deadline.Token);
            if (features.Count != pairs.Length) throw new InvalidDataException($"the offline features source answered {features.Count} pairs for {pairs.Length}.");
            return [.. features.Select(f => new OfflineLookup(f, Degraded: false))];
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogOfflineFallback(_logger, ex);
            return [.. pairs.Select(_ => new OfflineLookup(null, Degraded: true))];
        }
    }

    private void Settle(BatchState batch, Step step, long started)
    {
        var (e, prediction) = (step.Pending.Event, step.Prediction!);
        if (step.BeyondDedupeWindow) _metrics.BeyondDedupeWindow();
        _metrics.Scored(Stopwatch.GetElapsedTime(started).TotalSeconds, prediction.Probability, prediction.Degraded);
        _grading?.Predicted(e, step.After.SessionId, step.After.LastEventAt, prediction.Probability);
        batch.Fates[step.Pending.Index] = BatchFate.Scored;
    }

    /// <summary>The batch's dead letters in one bulk publish; an entry whose letter the broker did not take is handed back, as one event's would be.</summary>
    private async Task DeadLetterAsync(BatchState batch, CancellationToken cancellationToken)
    {
        if (batch.Letters.Count == 0) return;
        IReadOnlyList<int> failed;
        string? error = null;
        try
        {
            failed = await _publisher.PublishBulkAsync(
                Topology.DeadLetterTopic, [.. batch.Letters.Select(l => NewDeadLetter(l.Rejection, l.Raw, l.Payload))], ContractsJsonContext.Default.DeadLetter, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            (failed, error) = (Enumerable.Range(0, batch.Letters.Count).ToList(), ex.Message);
        }

        var unpublished = failed.ToHashSet();
        for (var i = 0; i < batch.Letters.Count; i++)
        {
            var letter = batch.Letters[i];
            if (unpublished.Contains(i))
            {
                _metrics.DeadLetterPublishFailed(letter.Rejection.Reason);
                LogDeadLetterPublishFailed(_logger, letter.Raw?.EventId ?? "(none)", letter.Rejection.Code, error ?? "the broker did not take it");
                _metrics.Retried();
                batch.Fates[letter.Index] = BatchFate.Retried;
            }
            else
            {
                _metrics.Rejected(letter.Rejection.Reason, Delivery.Message);
                batch.Fates[letter.Index] = BatchFate.Rejected;
            }
        }
    }

    private void Retry(BatchState batch, IEnumerable<int> indexes, Exception cause)
    {
        var count = 0;
        foreach (var index in indexes)
        {
            if (batch.Fates[index] is not null) continue;
            batch.Fates[index] = BatchFate.Retried;
            _metrics.Retried();
            count++;
        }

        if (count > 0) LogBatchRetry(_logger, count, cause);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transient failure in a bulk delivery; {Count} of its events will be redelivered")]
    private static partial void LogBatchRetry(ILogger logger, int count, Exception exception);

    private sealed class BatchState(int count)
    {
        public BatchFate?[] Fates { get; } = new BatchFate?[count];

        public List<Letter> Letters { get; } = [];

        /// <summary>The users of the batch, in the order of their first event.</summary>
        public List<UserEvents> Users { get; } = [];

        public Dictionary<string, UserEvents> ByUser { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>A rejected entry, waiting for the batch's dead letters.</summary>
    private sealed record Letter(int Index, Rejection Rejection, PageViewEvent? Raw, string Payload);

    /// <summary>A valid event and the bytes it was read from.</summary>
    private sealed record Pending(int Index, CleanPageView Event, PageViewEvent Raw, ReadOnlyMemory<byte> Data)
    {
        /// <summary>This event dead-lettered with <paramref name="rejection"/>, its payload as it was delivered.</summary>
        public Letter Letter(Rejection rejection) => new(Index, rejection, Raw, Encoding.UTF8.GetString(Data.Span));
    }

    /// <summary>A user's events of the batch, in delivery order.</summary>
    private sealed class UserEvents(string userId, List<Pending>? events = null)
    {
        public string UserId { get; } = userId;

        public List<Pending> Events { get; } = events ?? [];
    }

    /// <summary>What one round does for a user: the ETag read and the events to score, each with the window it makes.</summary>
    private sealed class UserPlan(UserEvents user, string? etag, UserOfflineFeatures? sessionOffline)
    {
        public UserEvents User { get; } = user;

        public string? ETag { get; } = etag;

        public UserOfflineFeatures? SessionOffline { get; } = sessionOffline;

        public List<Step> Steps { get; } = [];
    }

    /// <summary>One event to score: whether it was beyond the dedupe window, the window after it, its offline features, its prediction.</summary>
    private sealed class Step(Pending pending, bool beyondDedupeWindow, UserWindow after)
    {
        public Pending Pending { get; } = pending;

        public bool BeyondDedupeWindow { get; } = beyondDedupeWindow;

        public UserWindow After { get; } = after;

        public OfflineLookup Offline { get; set; }

        public Prediction? Prediction { get; set; }

        public bool Unpublished { get; set; }
    }
}
