using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Threading.Channels;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.ModelServing;

/// <summary>
/// Owns the model being served and replaces it when the file at <see cref="ModelHostOptions.ModelPath"/> changes.
/// <para>
/// Triggers: a FileSystemWatcher on the directory (debounced) and a periodic poll, because watchers miss events on
/// some volumes and see only a symlink swap on Kubernetes ConfigMap updates. A check reads the file, hashes it, and
/// does nothing when the bytes are the ones served or the ones already refused.
/// </para>
/// <para>
/// Swaps: a new model is loaded and warmed off the request path, then published with one reference write. A request
/// reads <see cref="Current"/> once and finishes on that predictor, so a swap never fails or drops a request; the old
/// predictor is collected when its last request is done. A file that cannot be served never replaces a working model:
/// the failure is recorded in <see cref="State"/>, counted, raised through <see cref="ReloadFailed"/>, and the next
/// change or poll tries again. Checks are serialized; nothing here throws to the caller after construction.
/// </para>
/// </summary>
public sealed class ModelHost : IAsyncDisposable
{
    public const string MeterName = ModelHostMetrics.MeterName;

    private readonly TimeProvider _time;
    private readonly ModelHostMetrics _metrics;
    private readonly SemaphoreSlim _checkGate = new(1, 1);

    // One pending "something changed" is enough: the check that follows reads the file as it is by then.
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lifecycle = new();
    private Task? _stopped;
    private ModelHostState _state;
    private FileSystemWatcher? _watcher;
    private int _watcherBroken;
    private int _disposed;
    private Task? _loop;

    public ModelHost(ModelHostOptions options, TimeProvider? time = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ModelPath);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Debounce, TimeSpan.Zero);

        Options = options with { ModelPath = Path.GetFullPath(options.ModelPath) };
        _time = time ?? TimeProvider.System;
        _state = new ModelHostState(Options.ModelPath, Served: null, LastFailure: null, LastCheckedAt: null);
        _metrics = new ModelHostMetrics(meterFactory, () => State);
    }

    /// <summary>Raised after a new model is swapped in: the new one and the one it replaced (null on the first load).</summary>
    public event Action<ServedModel, ServedModel?>? ModelSwapped;

    /// <summary>Raised once per distinct problem with the file: the failure and the model still served (or null).</summary>
    public event Action<ReloadFailure, ServedModel?>? ReloadFailed;

    public ModelHostOptions Options { get; }

    public ModelHostState State => Volatile.Read(ref _state);

    /// <summary>The model to score with, or null before the first successful load. Read it once per request.</summary>
    public ServedModel? Current => Volatile.Read(ref _state).Served;

    /// <summary>Loads the model if the file is there, then starts watching and polling. Never fails for a bad or missing file.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_loop is not null) throw new InvalidOperationException("The model host is already started.");

        // Watch before the first check, so a change made in between is not missed.
        TryStartWatcher();
        await CheckNowAsync(cancellationToken);
        lock (_lifecycle)
        {
            if (_stopped is null) _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        }
    }

    /// <summary>
    /// Stops watching and polling. Safe to call more than once and concurrently with <see cref="DisposeAsync"/>: an app
    /// host stops its services while its entry point may already be disposing the container.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_lifecycle) _stopped ??= StopOnceAsync();
        return _stopped.WaitAsync(cancellationToken);
    }

    /// <summary>Checks the file now (serialized with the background checks) and serves it if it is new and valid.</summary>
    public async Task<ReloadOutcome> CheckNowAsync(CancellationToken cancellationToken = default)
    {
        await _checkGate.WaitAsync(cancellationToken);
        try
        {
            return Check();
        }
        finally
        {
            _checkGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stopping.Dispose();
        _checkGate.Dispose();
        _metrics.Dispose();
    }

    private async Task StopOnceAsync()
    {
        await _stopping.CancelAsync();
        if (_loop is { } loop) await loop;
        DisposeWatcher();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (await WaitForChangeOrPollAsync(stopping)) await DebounceAsync(stopping);
                if (Interlocked.Exchange(ref _watcherBroken, 0) == 1) DisposeWatcher();
                TryStartWatcher(); // the directory may exist by now, or the watcher may have broken
                await CheckNowAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Checks record their own failures; this only keeps an unexpected fault from ending the reloads. The
                // next round waits for an event or the poll again, so a persistent fault cannot spin.
            }
        }
    }

    /// <summary>True when a file-system event arrived, false when the poll interval elapsed first.</summary>
    private async Task<bool> WaitForChangeOrPollAsync(CancellationToken stopping)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var change = _changes.Reader.WaitToReadAsync(wait.Token).AsTask();
        var poll = Task.Delay(Options.PollInterval, _time, wait.Token);
        var first = await Task.WhenAny(change, poll);
        await wait.CancelAsync();
        stopping.ThrowIfCancellationRequested();
        return first == change && _changes.Reader.TryRead(out _);
    }

    /// <summary>
    /// Waits until events stop for <see cref="ModelHostOptions.Debounce"/>, so a file copied in several writes is read
    /// once; never longer than a poll interval in total, so a file rewritten without pause is still checked.
    /// </summary>
    private async Task DebounceAsync(CancellationToken stopping)
    {
        if (Options.Debounce == TimeSpan.Zero) return;
        var waited = TimeSpan.Zero;
        do
        {
            await Task.Delay(Options.Debounce, _time, stopping);
            waited += Options.Debounce;
        }
        while (_changes.Reader.TryRead(out _) && waited < Options.PollInterval);
    }

    private ReloadOutcome Check()
    {
        var state = State;
        var path = Options.ModelPath;
        try
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return Fail(state, ReloadFailureKind.Missing, $"there is no model file at '{path}'.", contentHash: null);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Fail(state, ReloadFailureKind.Unreadable, $"cannot read the model file '{path}': {ex.Message}", contentHash: null);
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (state.Served?.ContentHash == hash)
            {
                // The file holds what is served (again): any earlier problem with it is over.
                Publish(state with { LastFailure = null, LastCheckedAt = _time.GetUtcNow() });
                return ReloadOutcome.Unchanged;
            }

            if (state.LastFailure?.ContentHash == hash)
            {
                Publish(state with { LastCheckedAt = _time.GetUtcNow() });
                return ReloadOutcome.Unchanged;
            }

            ServedModel next;
            try
            {
                next = LoadAndWarm(bytes, path, hash);
            }
            catch (Exception ex)
            {
                var message = ex is ModelFileException ? ex.Message : $"'{path}' cannot be served: {ex.Message}";
                return Fail(state, ReloadFailureKind.Invalid, message, hash);
            }

            Publish(new ModelHostState(path, next, LastFailure: null, LastCheckedAt: next.LoadedAt));
            _metrics.Reloaded();
            Notify(ModelSwapped, next, state.Served);
            return ReloadOutcome.Loaded;
        }
        catch (Exception ex)
        {
            // Nothing above should get here; if something does, the host keeps serving and keeps checking.
            return Fail(state, ReloadFailureKind.Invalid, $"checking '{path}' failed: {ex.Message}", contentHash: null);
        }
    }

    private ServedModel LoadAndWarm(byte[] bytes, string path, string hash)
    {
        var predictor = new PooledPredictor(ModelFile.Load(bytes, path));

        // One prediction through the whole chain compiles it before the first request and proves that the model
        // answers with a probability.
        var probability = predictor.Predict(new float[FeatureSchema.Length]);
        if (!(probability is >= 0f and <= 1f))
        {
            throw new ModelFileException($"'{path}' answers {probability} for an all-zero vector, which is not a probability.");
        }

        return new ServedModel(predictor, path, hash, _time.GetUtcNow());
    }

    private ReloadOutcome Fail(ModelHostState state, ReloadFailureKind kind, string message, string? contentHash)
    {
        var now = _time.GetUtcNow();
        var previous = state.LastFailure;

        // A problem that persists (a missing file, a permission error) is recorded once, not on every poll.
        var repeated = previous is not null && previous.Kind == kind && previous.Message == message && previous.ContentHash == contentHash;
        var failure = repeated ? previous! : new ReloadFailure(kind, message, now, contentHash);
        Publish(state with { LastFailure = failure, LastCheckedAt = now });
        if (!repeated)
        {
            _metrics.Failed(failure);
            Notify(ReloadFailed, failure, state.Served);
        }

        return ReloadOutcome.Failed;
    }

    private void Publish(ModelHostState state) => Volatile.Write(ref _state, state);

    private static void Notify<T>(Action<T, ServedModel?>? listeners, T value, ServedModel? served)
    {
        try
        {
            listeners?.Invoke(value, served);
        }
        catch (Exception)
        {
            // A listener's fault (a logger, say) must not undo a swap or stop the reloads.
        }
    }

    private void TryStartWatcher()
    {
        if (!Options.WatchFileSystem || _watcher is not null) return;
        var directory = Path.GetDirectoryName(Options.ModelPath);
        if (directory is null || !Directory.Exists(directory)) return;

        FileSystemWatcher? watcher = null;
        try
        {
            // The whole directory, not just the file name: a ConfigMap update renames a "..data" symlink, and an
            // atomic replace shows up as a rename of a temporary file.
            watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += OnFileSystemEvent;
            watcher.Created += OnFileSystemEvent;
            watcher.Deleted += OnFileSystemEvent;
            watcher.Renamed += OnFileSystemEvent;
            watcher.Error += OnWatcherError;
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // For example the inotify instance limit: polling alone still finds every change, only later.
            watcher?.Dispose();
        }
    }

    private void DisposeWatcher()
    {
        var watcher = Interlocked.Exchange(ref _watcher, null);
        watcher?.Dispose();
    }

    private void OnFileSystemEvent(object sender, FileSystemEventArgs e) => _changes.Writer.TryWrite(true);

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        // Overflowed or lost its directory: check now and build a new watcher on the next round.
        Volatile.Write(ref _watcherBroken, 1);
        _changes.Writer.TryWrite(true);
    }
}
