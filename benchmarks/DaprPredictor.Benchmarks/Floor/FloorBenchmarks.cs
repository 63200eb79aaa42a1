using BenchmarkDotNet.Attributes;
using DaprPredictor.Benchmarks.Infrastructure;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Windows;
using DaprPredictor.ModelServing;
using DaprPredictor.Synthetic;

namespace DaprPredictor.Benchmarks.Floor;

/// <summary>
/// Each step of the work one page view needs, alone, on real synthetic events in stream order: reading the message's
/// JSON, cleaning it, applying it to its user's window, assembling the feature vector, scoring it. Their sum is the
/// floor of the pipeline's work per event on this machine; everything else (state store, publishing, metrics, grading,
/// queues, GC) is what the pipeline adds to it. The model is timed both ways it can be scored: directly (what the
/// pipeline does) and through ML.NET's PredictionEngine (the fallback). The 4,096 events repeat, so parsing finds its
/// recurring strings (ids, pages) already decoded, as it does for most events of a live stream.
/// </summary>
[MemoryDiagnoser]
public class FloorBenchmarks
{
    private const int Count = 4096;
    private static readonly DateTimeOffset Now = new(2026, 2, 15, 0, 0, 0, TimeSpan.Zero);
    private readonly CleaningOptions _cleaning = new() { MaxEventAge = TimeSpan.FromDays(3650) };
    private readonly WindowOptions _window = new();
    private readonly float[] _vector = new float[FeatureSchema.Length];
    private byte[][] _json = null!;
    private PageViewEvent[] _raw = null!;
    private CleanPageView[] _clean = null!;
    private UserWindow?[] _before = null!;
    private UserWindow[] _after = null!;
    private WindowBuffer[] _beforeBuffers = null!;
    private readonly WindowBuffer _scratch = new();
    private PurchaseFeatures[] _offline = null!;
    private float[][] _vectors = null!;
    private PooledPredictor _predictor = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        // Events in stream order, each with its user's window before and after it, as the pipeline meets them.
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Users = 2_000, Seed = 7 });
        var history = data.Purchases.ToLookup(p => p.UserId, StringComparer.Ordinal);
        var windows = new Dictionary<string, UserWindow>(StringComparer.Ordinal);
        var rows = new List<(byte[] Json, PageViewEvent Raw, CleanPageView Clean, UserWindow? Before, UserWindow After, PurchaseFeatures Offline)>();
        foreach (var raw in data.Clickstream().Take(Count))
        {
            var clean = PageViewCleaner.Clean(raw, null, _cleaning).Event!.Value;
            var before = windows.GetValueOrDefault(clean.UserId);
            var after = WindowRules.Apply(before, clean, _window).Window;
            windows[clean.UserId] = after;
            var asOf = PointInTime.OfflineAsOf(after);
            rows.Add((System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(raw, ContractsJsonContext.Default.PageViewEvent), raw, clean, before, after, PurchaseFeatures.From(PurchaseSummary.FromHistory(history[clean.UserId], asOf), asOf)));
        }

        _json = [.. rows.Select(r => r.Json)];
        _raw = [.. rows.Select(r => r.Raw)];
        _clean = [.. rows.Select(r => r.Clean)];
        _before = [.. rows.Select(r => r.Before)];
        _after = [.. rows.Select(r => r.After)];
        _beforeBuffers = [.. rows.Select(r => WindowBuffer.Of(r.Before))];
        _offline = [.. rows.Select(r => r.Offline)];
        _vectors = [.. rows.Select(r => FeatureVector.Assemble(RealtimeFeatures.From(r.After), r.Offline))];
        _predictor = new PooledPredictor(ModelFile.Load(BenchmarkModel.FromEnvironment()));
    }

    [Benchmark(Description = "parse: JSON bytes to PageViewEvent")]
    public PageViewEvent? Parse() => PageViewJson.TryParse(_json[_next++ & (Count - 1)], out var e, out _) ? e : null;

    /// <summary>What the pipeline does with a message: the members read and cleaned at once, the timestamp in a buffer.</summary>
    [Benchmark(Description = "parse and clean as read (the pipeline's path)")]
    public DateTimeOffset ParseAndClean()
    {
        Span<char> timestamp = stackalloc char[Rfc3339.MaxLength];
        return PageViewJson.TryParse(_json[_next++ & (Count - 1)], timestamp, out var fields, out _) && PageViewCleaner.Clean(fields, Now, _cleaning).Event is { } e
            ? e.Timestamp
            : default;
    }

    [Benchmark(Description = "clean: validate and normalize")]
    public CleanPageView? Clean() => PageViewCleaner.Clean(_raw[_next++ & (Count - 1)], Now, _cleaning).Event;

    /// <summary>What the pipeline does: the user's window copied into a reused buffer (as the state store reads it), the event applied in place.</summary>
    [Benchmark(Description = "window: copy into a buffer, apply in place")]
    public WindowOutcome Window()
    {
        var i = _next++ & (Count - 1);
        _scratch.CopyFrom(_beforeBuffers[i]);
        return WindowRules.ApplyInPlace(_scratch, _clean[i], _window);
    }

    /// <summary>The immutable form (a new window per event): what the pipeline did before, and the bulk path's per-step snapshot.</summary>
    [Benchmark(Description = "window: immutable form (new window)")]
    public UserWindow WindowImmutable()
    {
        var i = _next++ & (Count - 1);
        return WindowRules.Apply(_before[i], _clean[i], _window).Window;
    }

    [Benchmark(Description = "features: realtime + assemble (new float[])")]
    public float[] Features()
    {
        var i = _next++ & (Count - 1);
        return FeatureVector.Assemble(RealtimeFeatures.From(_after[i]), _offline[i]);
    }

    [Benchmark(Description = "features: realtime + assemble into a buffer")]
    public float FeaturesInPlace()
    {
        var i = _next++ & (Count - 1);
        FeatureVector.Assemble(RealtimeFeatures.From(_after[i]), _offline[i], _vector);
        return _vector[0];
    }

    [Benchmark(Description = "model: PooledPredictor.Predict (direct evaluator)")]
    public float Model() => _predictor.Predict(_vectors[_next++ & (Count - 1)]);

    [Benchmark(Description = "model: ML.NET PredictionEngine, the same model")]
    public float ModelEngine() => _predictor.PredictWithEngine(_vectors[_next++ & (Count - 1)]);
}
