using DaprPredictor.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DaprPredictor.ModelServing.Tests;

/// <summary>The model host and its reloader alone, on a fake clock: what triggers a reload and what a failure leaves behind.</summary>
[Collection(TrainedModelsCollection.Name)]
public sealed class ModelHostTests(TrainedModels models) : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(100);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "daprpredictor-scorer-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private string ModelPath => Path.Combine(_directory, "model.zip");

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task MissingFileAtStartLeavesTheHostUnloadedWithTheReason()
    {
        await using var host = NewHost(watch: true);

        await host.StartAsync(CancellationToken.None);

        Assert.Null(host.Current);
        Assert.Equal(ReloadFailureKind.Missing, host.State.LastFailure?.Kind);
        Assert.Contains($"no model file at '{ModelPath}'", host.State.NotLoadedReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollingAloneFindsANewModelWhenNoFileEventArrives()
    {
        Replace(models.First.Bytes);
        await using var host = NewHost(watch: false);
        await host.StartAsync(CancellationToken.None);
        Assert.Equal(models.First.Version, host.Current?.Version);

        Replace(models.Second.Bytes);

        Assert.Equal(models.First.Version, host.Current?.Version); // no watcher, no poll yet
        await Eventually.Until(() =>
        {
            _time.Advance(Poll);
            return host.Current?.Version == models.Second.Version;
        }, "the poll finding the new model");
        Assert.Null(host.State.LastFailure);
    }

    [Fact]
    public async Task FileEventTriggersAReloadLongBeforeThePoll()
    {
        Replace(models.First.Bytes);
        await using var host = NewHost(watch: true);
        await host.StartAsync(CancellationToken.None);
        var started = _time.GetUtcNow();

        Replace(models.Second.Bytes);

        // Only the debounce elapses on the fake clock, in small steps: never the poll interval.
        await Eventually.Until(() =>
        {
            _time.Advance(Debounce);
            return host.Current?.Version == models.Second.Version;
        }, "the watcher-triggered reload");
        Assert.True(_time.GetUtcNow() - started < Poll, "the reload must come from the file event, not the poll");
    }

    [Fact]
    public async Task RewritingTheSameBytesDoesNotReloadTheModel()
    {
        Replace(models.First.Bytes);
        await using var host = NewHost(watch: false);
        var swaps = 0;
        host.ModelSwapped += (_, _) => swaps++;
        await host.StartAsync(CancellationToken.None);
        var served = host.Current;

        Replace(models.First.Bytes);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(ReloadOutcome.Unchanged, await host.CheckNowAsync());
        Assert.Same(served, host.Current);
        Assert.Equal(1, swaps);
    }

    [Fact]
    public async Task RefusedBytesAreReportedOnceAndNotParsedAgainUntilTheFileChanges()
    {
        Replace(models.First.Bytes);
        await using var host = NewHost(watch: false);
        var failures = new List<ReloadFailure>();
        host.ReloadFailed += (failure, stillServed) =>
        {
            Assert.Equal(models.First.Version, stillServed?.Version);
            failures.Add(failure);
        };
        await host.StartAsync(CancellationToken.None);
        var served = host.Current;

        Replace(models.Broken("truncated"));
        var refusedAt = _time.GetUtcNow();
        var first = await host.CheckNowAsync();
        _time.Advance(Poll);
        var second = await host.CheckNowAsync();

        Assert.Equal(ReloadOutcome.Failed, first);
        Assert.Equal(ReloadOutcome.Unchanged, second);
        Assert.Same(served, host.Current);
        var failure = Assert.Single(failures);
        Assert.Equal(ReloadFailureKind.Invalid, failure.Kind);
        Assert.Equal(refusedAt, failure.At);
        Assert.Equal(failure, host.State.LastFailure);

        Replace(models.Second.Bytes);

        // The poll the clock just passed may run after the file changed and load it first; checks are serialized, so
        // once this check returns the new model is served, whichever of the two loaded it.
        Assert.Contains(await host.CheckNowAsync(), (ReloadOutcome[])[ReloadOutcome.Loaded, ReloadOutcome.Unchanged]);
        Assert.Equal(models.Second.Version, host.Current?.Version);
        Assert.Null(host.State.LastFailure);
        Assert.Single(failures);
    }

    [Fact]
    public async Task DeletedFileKeepsTheModelServedAndIsReportedAsMissing()
    {
        Replace(models.First.Bytes);
        await using var host = NewHost(watch: false);
        await host.StartAsync(CancellationToken.None);

        File.Delete(ModelPath);

        Assert.Equal(ReloadOutcome.Failed, await host.CheckNowAsync());
        Assert.Equal(models.First.Version, host.Current?.Version);
        Assert.Equal(ReloadFailureKind.Missing, host.State.LastFailure?.Kind);

        Replace(models.First.Bytes);

        Assert.Equal(ReloadOutcome.Unchanged, await host.CheckNowAsync());
        Assert.Null(host.State.LastFailure);
    }

    [Fact]
    public async Task ListenerThatThrowsDoesNotUndoASwap()
    {
        Replace(models.First.Bytes);
        await using var host = NewHost(watch: false);
        await host.StartAsync(CancellationToken.None);
        host.ModelSwapped += (_, _) => throw new InvalidOperationException("a broken listener");

        Replace(models.Second.Bytes);

        Assert.Equal(ReloadOutcome.Loaded, await host.CheckNowAsync());
        Assert.Equal(models.Second.Version, host.Current?.Version);
        Assert.Null(host.State.LastFailure);
    }

    [Fact]
    public async Task HealthSaysHowTheServedModelIsScored()
    {
        Replace(models.First.Bytes);
        using var host = new ModelHost(new ModelHostOptions { ModelPath = ModelPath, PollInterval = Poll, Debounce = Debounce, WatchFileSystem = false }, _time);
        await host.CheckNowAsync();

        var health = await new ModelHealthCheck(host).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Equal(host.Current!.Predictor.Scoring, health.Data["scoring"]);
        Assert.StartsWith("direct: 150 trees", (string)health.Data["scoring"], StringComparison.Ordinal);
    }

    private Reloading NewHost(bool watch) =>
        new(new ModelHost(new ModelHostOptions { ModelPath = ModelPath, PollInterval = Poll, Debounce = Debounce, WatchFileSystem = watch }, _time), _time);

    private void Replace(byte[] bytes)
    {
        Directory.CreateDirectory(_directory);
        var temporary = Path.Combine(_directory, $".model.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, ModelPath, overwrite: true);
    }

    /// <summary>A host with its reloader, as the app runs them: started together, stopped and disposed together.</summary>
    private sealed class Reloading(ModelHost host, TimeProvider time) : IAsyncDisposable
    {
        private readonly ModelReloader _reloader = new(host, time, NullLogger<ModelReloader>.Instance);

        public ModelHostState State => host.State;

        public ServedModel? Current => host.Current;

        public event Action<ServedModel, ServedModel?>? ModelSwapped
        {
            add => host.ModelSwapped += value;
            remove => host.ModelSwapped -= value;
        }

        public event Action<ReloadFailure, ServedModel?>? ReloadFailed
        {
            add => host.ReloadFailed += value;
            remove => host.ReloadFailed -= value;
        }

        public Task StartAsync(CancellationToken cancellationToken) => _reloader.StartAsync(cancellationToken);

        public Task<ReloadOutcome> CheckNowAsync() => host.CheckNowAsync();

        public async ValueTask DisposeAsync()
        {
            await _reloader.StopAsync(CancellationToken.None);
            _reloader.Dispose();
            host.Dispose();
        }
    }
}
