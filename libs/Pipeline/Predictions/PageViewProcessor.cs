using System.Diagnostics;
using System.Text;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Windows;
using DaprPredictor.Pipeline.Monitoring;
using DaprPredictor.Pipeline.Seams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Fallback;

namespace DaprPredictor.Pipeline.Predictions;

/// <summary>
/// The feature extractor's logic, the same in the Dapr service and the standalone host:
/// clean → window update (ETag first-write, retried on conflict) → offline features (timeout, cold-start fallback) →
/// vector → score → publish → save window and latest prediction.
/// The prediction is published before the window is saved: a failure anywhere leaves the window untouched, so the
/// redelivered event is processed afresh and nothing is lost. The price is at-least-once predictions: an ETag
/// conflict or a failed save can publish a second prediction for the same event id (consumers keep the newest).
/// </summary>
public sealed partial class PageViewProcessor
{
    private readonly IStateStore _state;
    private readonly IOfflineFeaturesSource _offline;
    private readonly IScorer _scorer;
    private readonly IMessagePublisher _publisher;
    private readonly PipelineMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly CleaningOptions _cleaning;
    private readonly WindowOptions _window;
    private readonly PipelineOptions _options;
    private readonly ILogger<PageViewProcessor> _logger;
    private readonly ResiliencePipeline<OfflineLookup> _offlinePipeline;
    private readonly LiveGrading? _grading;

    /// <summary>
    /// A vector for the next event on this thread: the scorer is done with one when its task completes (see
    /// <see cref="IScorer"/>), so a thread that scores event after event reuses one. Not handed back after a failure.
    /// </summary>
    [ThreadStatic]
    private static float[]? t_spareVector;

    /// <summary>
    /// A user's state for the next event on this thread, read into and saved from in place (see <see cref="UserStateBuffer"/>).
    /// Taken for the whole of an event's processing, across its awaits, and handed back only when the event has settled, so
    /// no two events ever share one; not handed back after a failure.
    /// </summary>
    [ThreadStatic]
    private static UserStateBuffer? t_spareState;

    public PageViewProcessor(
        IStateStore state,
        IOfflineFeaturesSource offline,
        IScorer scorer,
        IMessagePublisher publisher,
        PipelineMetrics metrics,
        TimeProvider clock,
        IOptions<CleaningOptions> cleaning,
        IOptions<WindowOptions> window,
        IOptions<PipelineOptions> options,
        ILogger<PageViewProcessor> logger,
        LiveGrading? grading = null)
    {
        (_state, _offline, _scorer, _publisher, _metrics, _clock, _logger, _grading) = (state, offline, scorer, publisher, metrics, clock, logger, grading);
        (_cleaning, _window, _options) = (cleaning.Value, window.Value, options.Value);

        // The app owns this timeout and fallback: a slow offline store degrades a prediction, it never blocks the stream.
        // Retries of the call itself belong to Dapr resiliency (components/common/resiliency.yaml), not here.
        _offlinePipeline = new ResiliencePipelineBuilder<OfflineLookup>()
            .AddFallback(new FallbackStrategyOptions<OfflineLookup>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
                FallbackAction = _ => Outcome.FromResultAsValueTask(new OfflineLookup(null, Degraded: true)),
                OnFallback = args =>
                {
                    LogOfflineFallback(_logger, args.Outcome.Exception);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(_options.OfflineFeaturesTimeout)
            .Build();
    }

    public static string StateKey(string userId) => StateKeys.Compose("window", userId);

    /// <summary>
    /// Parses, cleans and processes a message body; malformed JSON is a fate (dead-lettered or rejected), not an exception.
    /// The members are cleaned as read: a wire object (and a timestamp string) is made only for an event that fails.
    /// </summary>
    public ValueTask<ProcessingResult> ProcessAsync(ReadOnlyMemory<byte> utf8Json, Delivery delivery, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        _metrics.Received();
        Span<char> timestamp = stackalloc char[Rfc3339.MaxLength];
        if (!PageViewJson.TryParse(utf8Json.Span, timestamp, out var fields, out var rejection))
        {
            return GuardAsync(RejectAsync(rejection!, null, null, Encoding.UTF8.GetString(utf8Json.Span), delivery, cancellationToken), null, cancellationToken);
        }

        var cleaned = PageViewCleaner.Clean(fields, _clock.GetUtcNow(), _cleaning);
        return cleaned.Event is { } e
            ? GuardAsync(ProcessCoreAsync(e, null, utf8Json, started, delivery, cancellationToken), e.EventId, cancellationToken)
            : GuardAsync(RejectAsync(cleaned.Rejection!, fields.EventId, fields.UserId, Encoding.UTF8.GetString(utf8Json.Span), delivery, cancellationToken), fields.EventId, cancellationToken);
    }

    public ValueTask<ProcessingResult> ProcessAsync(PageViewEvent raw, Delivery delivery, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        _metrics.Received();
        var cleaned = PageViewCleaner.Clean(raw, _clock.GetUtcNow(), _cleaning);
        return cleaned.Event is { } e
            ? GuardAsync(ProcessCoreAsync(e, raw, ReadOnlyMemory<byte>.Empty, started, delivery, cancellationToken), raw.EventId, cancellationToken)
            : GuardAsync(RejectAsync(cleaned.Rejection!, raw.EventId, raw.UserId, PageViewJson.Serialize(raw), delivery, cancellationToken), raw.EventId, cancellationToken);
    }

    /// <summary>Rejects a payload that could not even be read (for example, too large): it is counted and, for a message, dead-lettered.</summary>
    public ValueTask<ProcessingResult> RejectPayloadAsync(Rejection rejection, string payload, Delivery delivery, CancellationToken cancellationToken)
    {
        _metrics.Received();
        return GuardAsync(RejectAsync(rejection, null, null, payload, delivery, cancellationToken), null, cancellationToken);
    }

    /// <summary>
    /// Every delivery is counted once as received (by the caller, before the work starts) and ends as exactly one fate,
    /// or as retried when it throws. An async method never throws synchronously, so its task carries every failure here.
    /// </summary>
    private async ValueTask<ProcessingResult> GuardAsync(ValueTask<ProcessingResult> work, string? eventId, CancellationToken cancellationToken)
    {
        try
        {
            return await work;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _metrics.Retried();
            LogTransientFailure(_logger, eventId, ex);
            throw;
        }
    }

    /// <param name="raw">The wire event when it came as one (no bytes).</param>
    /// <param name="received">The bytes <paramref name="e"/> was read from, if any: a dead letter keeps them rather than a re-serialization.</param>
    private async ValueTask<ProcessingResult> ProcessCoreAsync(CleanPageView e, PageViewEvent? raw, ReadOnlyMemory<byte> received, long started, Delivery delivery, CancellationToken cancellationToken)
    {
        var key = StateKey(e.UserId);
        var state = t_spareState ?? new UserStateBuffer();
        t_spareState = null;
        for (var attempt = 1; attempt <= _options.MaxConflictRetries; attempt++)
        {
            var etag = await _state.ReadIntoAsync(key, state, ContractsJsonContext.Default.UserState, cancellationToken);
            var window = state.Window;
            var beyondDedupeWindow = BeyondDedupeWindow(window, e);
            switch (WindowRules.ApplyInPlace(window, e, _window))
            {
                case WindowOutcome.Duplicate:
                    _metrics.Duplicate();
                    var latest = state.LatestPrediction;
                    t_spareState = state;
                    return new ProcessingResult(EventFate.Duplicate, latest?.EventId == e.EventId ? latest : null);
                case WindowOutcome.Late:
                    if (beyondDedupeWindow) _metrics.BeyondDedupeWindow();
                    var late = Late(window.LastEventAt);
                    t_spareState = state;
                    return await RejectAsync(late, e.EventId, e.UserId, Payload(raw, received), delivery, cancellationToken);
            }

            Prediction prediction;
            UserOfflineFeatures? offline;
            try
            {
                (prediction, offline) = await PredictAsync(e, window, state.SessionOffline, started, cancellationToken);
            }
            catch (ScorerRefusedException refused) when (delivery == Delivery.Message)
            {
                // Redelivery would be refused alike; a request's caller is answered 503 instead (its event was valid).
                t_spareState = state;
                return await RejectAsync(Refused(refused), e.EventId, e.UserId, Payload(raw, received), delivery, cancellationToken);
            }

            await _publisher.PublishAsync(Topology.PredictionsTopic, prediction, ContractsJsonContext.Default.Prediction, e.UserId, cancellationToken);
            (state.LatestPrediction, state.SessionOffline) = (prediction, offline);
            if (await _state.TrySaveFromAsync(key, state, etag, _window.StateTtl, ContractsJsonContext.Default.UserState, cancellationToken))
            {
                if (beyondDedupeWindow) _metrics.BeyondDedupeWindow();
                _metrics.Scored(Stopwatch.GetElapsedTime(started).TotalSeconds, prediction.Probability, prediction.Degraded);
                _grading?.Predicted(e, window.SessionId, window.LastEventAt, prediction.Probability);
                t_spareState = state;
                return new ProcessingResult(EventFate.Scored, prediction);
            }

            _metrics.Conflict();
        }

        throw new StateConflictException($"the window of user '{e.UserId}' changed under {_options.MaxConflictRetries} consecutive attempts.");
    }

    /// <summary>
    /// Duplicates are recognized among the user's last <see cref="WindowOptions.DedupeCapacity"/> event ids (the documented
    /// bound). A redelivery that comes back after more of the user's events than that is no longer recognized; it is then
    /// no newer than the user's newest event while the id list is full. Every such event is counted, so how often the bound
    /// may have been hit shows (in order streams, every miss is counted; an out-of-order new event counts too). Asked of the
    /// window before the event is applied to it; counted once the event is scored and saved, or rejected as late.
    /// </summary>
    private bool BeyondDedupeWindow(WindowBuffer current, CleanPageView e) =>
        !current.IsEmpty && current.RecentEventIds.Length >= _window.DedupeCapacity && e.Timestamp <= current.LastEventAt;

    /// <summary>The latest prediction of a user, if their window has not expired.</summary>
    public async Task<Prediction?> LatestAsync(string userId, CancellationToken cancellationToken) =>
        (await _state.GetAsync(StateKey(userId), ContractsJsonContext.Default.UserState, cancellationToken)).Value?.LatestPrediction;

    /// <returns>The prediction, and the offline features to keep for the rest of the session (null when degraded, so the next event asks again).</returns>
    private async ValueTask<(Prediction, UserOfflineFeatures?)> PredictAsync(
        CleanPageView e, WindowBuffer window, UserOfflineFeatures? sessionOffline, long started, CancellationToken cancellationToken)
    {
        var asOf = PointInTime.OfflineAsOf(window);
        var offline = sessionOffline?.AsOf == asOf
            ? new OfflineLookup(sessionOffline, Degraded: false)
            : await LookupOfflineAsync(e.UserId, asOf, cancellationToken);

        var vector = Vector(RealtimeFeatures.From(window), offline, into: t_spareVector);
        t_spareVector = null;
        var score = await _scorer.ScoreAsync(vector, cancellationToken);
        t_spareVector = vector;
        return (NewPrediction(e, score, offline, started), offline.Features);
    }

    /// <summary>The user's offline features as of <paramref name="asOf"/>, or cold-start defaults (degraded) when the lookup fails or is late.</summary>
    private ValueTask<OfflineLookup> LookupOfflineAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        _offlinePipeline.ExecuteAsync(
            static async (state, token) => new OfflineLookup(await state.Source.GetAsync(state.UserId, state.AsOf, token), Degraded: false),
            (Source: _offline, UserId: userId, AsOf: asOf),
            cancellationToken);

    private static float[] Vector(UserWindow window, OfflineLookup offline) => Vector(RealtimeFeatures.From(window), offline, into: null);

    /// <param name="into">A vector to fill rather than a new one.</param>
    private static float[] Vector(RealtimeFeatures realtime, OfflineLookup offline, float[]? into)
    {
        var vector = into ?? new float[FeatureSchema.Length];
        FeatureVector.Assemble(realtime, offline.Features?.Features ?? PurchaseFeatures.ColdStartDefaults, vector);
        return vector;
    }

    private Prediction NewPrediction(CleanPageView e, Score score, OfflineLookup offline, long started) => new(
        e.UserId,
        e.SessionId,
        e.EventId,
        score.Probability,
        score.ModelVersion,
        score.FeatureSchemaVersion,
        offline.Degraded,
        _clock.GetUtcNow(),
        Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3));

    /// <param name="newest">The newest event of the user's current session.</param>
    private static Rejection Late(DateTimeOffset newest) =>
        new(RejectReason.LateEvent, $"the event is older than the user's current session (newest event at {Rfc3339.Format(newest)}) and its own session is closed.");

    private static Rejection Refused(ScorerRefusedException refused) => new(RejectReason.ScorerRefused, refused.Message);

    /// <param name="eventId">The event's id and its user's, when it has them (the dead letter carries both).</param>
    private async ValueTask<ProcessingResult> RejectAsync(Rejection rejection, string? eventId, string? userId, string payload, Delivery delivery, CancellationToken cancellationToken)
    {
        if (delivery == Delivery.Message)
        {
            var letter = NewDeadLetter(rejection, eventId, userId, payload);
            try
            {
                await _publisher.PublishAsync(Topology.DeadLetterTopic, letter.Message, ContractsJsonContext.Default.DeadLetter, letter.PartitionKey, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Still a RETRY (GuardAsync counts and rethrows), but not a quiet one: on Redis Streams from Dapr 1.17 the
                // component acknowledges a message whose handler failed, so this event and its reason are gone.
                _metrics.DeadLetterPublishFailed(rejection.Reason);
                LogDeadLetterPublishFailed(_logger, eventId ?? "(none)", rejection.Code, ex.Message);
                throw;
            }
        }

        _metrics.Rejected(rejection.Reason, delivery);
        return new ProcessingResult(EventFate.Rejected, Rejection: rejection);
    }

    /// <summary>The dead letter of a rejected event, keyed by its user (or its id, when it has no user) like its page view.</summary>
    private OutgoingMessage<DeadLetter> NewDeadLetter(Rejection rejection, PageViewEvent? raw, string payload) => NewDeadLetter(rejection, raw?.EventId, raw?.UserId, payload);

    private OutgoingMessage<DeadLetter> NewDeadLetter(Rejection rejection, string? eventId, string? userId, string payload) => new(
        new DeadLetter(rejection.Code, rejection.Detail, eventId, userId, _clock.GetUtcNow(), payload),
        userId ?? eventId ?? "unknown");

    /// <summary>What a dead letter carries: the bytes received, or the wire event serialized when it came as an object.</summary>
    private static string Payload(PageViewEvent? raw, ReadOnlyMemory<byte> received) =>
        received.IsEmpty ? PageViewJson.Serialize(raw!) : Encoding.UTF8.GetString(received.Span);

    /// <summary>Null features with <paramref name="Degraded"/>: the lookup failed and cold-start defaults are used.</summary>
    private readonly record struct OfflineLookup(UserOfflineFeatures? Features, bool Degraded);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offline features unavailable; scoring with cold-start defaults")]
    private static partial void LogOfflineFallback(ILogger logger, Exception? exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead letter for event {EventId} (reason {Reason}) could not be published: {Error}. Answering RETRY: Kafka and RabbitMQ redeliver the event, Redis Streams from Dapr 1.17 acknowledges it and it is lost")]
    private static partial void LogDeadLetterPublishFailed(ILogger logger, string eventId, string reason, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transient failure processing event {EventId}; it will be redelivered")]
    private static partial void LogTransientFailure(ILogger logger, string? eventId, Exception exception);
}
