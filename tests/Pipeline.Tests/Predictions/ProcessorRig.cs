using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Windows;
using DaprPredictor.Embedded;
using DaprPredictor.Pipeline.Monitoring;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Pipeline.Seams;
using DaprPredictor.Pipeline.Tests.Fakes;
using DaprPredictor.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DaprPredictor.Pipeline.Tests.Predictions;

/// <summary>
/// One feature extractor's <see cref="PageViewProcessor"/> on fakes of its seams: a JSON state store with Dapr's ETag
/// and TTL semantics behind a probe, a scripted offline-features source, the recording scorer, a capturing publisher
/// and a fake clock. Events are delivered a moment after they happened; the clock never goes back.
/// </summary>
internal sealed class ProcessorRig
{
    public static readonly DateTimeOffset T = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>How long after its event time each event is delivered.</summary>
    public static readonly TimeSpan Transit = TimeSpan.FromMilliseconds(5);

    private PageViewProcessor? _processor;

    /// <param name="embedded">The store is the in-memory one itself (slots copied in and out) rather than one through JSON (as Dapr's).</param>
    public ProcessorRig(bool embedded = false)
    {
        Shared = embedded ? new EmbeddedStateStore(Clock) : new JsonStateStore(Clock);
        State = new ProbedStateStore(Shared);
    }

    public FakeTimeProvider Clock { get; } = new(T);

    /// <summary>The store every instance of the service shares.</summary>
    public IStateStore Shared { get; }

    /// <summary>This instance's view of <see cref="Shared"/>.</summary>
    public ProbedStateStore State { get; }

    public ScriptedOfflineSource Offline { get; } = new();

    public RecordingScorer Scorer { get; } = new();

    public CapturingPublisher Publisher { get; } = new();

    public PipelineMetrics Metrics { get; } = new(TestServices.MeterFactory);

    /// <summary>The pipeline's options: change them before the first delivery.</summary>
    public PipelineOptions Settings { get; } = new();

    /// <summary>Set before the first delivery to grade predictions live.</summary>
    public LiveGrading? Grading { get; set; }

    public PageViewProcessor Processor => _processor ??= NewInstance(State);

    /// <summary>Another instance of the service: same store, broker, scorer and offline features, its own metrics.</summary>
    public PageViewProcessor NewInstance(IStateStore state) => new(
        state, Offline, Scorer, Publisher, state == State ? Metrics : new PipelineMetrics(TestServices.MeterFactory), Clock,
        Options.Create(new CleaningOptions()), Options.Create(new WindowOptions()), Options.Create(Settings),
        NullLogger<PageViewProcessor>.Instance, Grading);

    public static PageViewEvent View(string eventId, TimeSpan after, string page = "/", string session = "s-1", string user = "u-1", double? price = null) =>
        new(eventId, user, session, page, Rfc3339.Format(T + after), Price: price);

    public ValueTask<ProcessingResult> DeliverAsync(PageViewEvent e, Delivery delivery = Delivery.Message, CancellationToken cancellationToken = default)
    {
        Assert.True(Rfc3339.TryParse(e.Timestamp, out var at));
        if (at + Transit > Clock.GetUtcNow()) Clock.SetUtcNow(at + Transit);
        return Processor.ProcessAsync(e, delivery, cancellationToken);
    }

    public async Task<ProcessingResult[]> DeliverAllAsync(params PageViewEvent[] events)
    {
        var results = new List<ProcessingResult>();
        foreach (var e in events) results.Add(await DeliverAsync(e));
        return [.. results];
    }

    /// <summary>What the store holds for a user (null when there is nothing, or it expired).</summary>
    public async Task<UserState?> StoredAsync(string userId = "u-1") =>
        (await Shared.GetAsync(PageViewProcessor.StateKey(userId), ContractsJsonContext.Default.UserState, CancellationToken.None)).Value;
}
