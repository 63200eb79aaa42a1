using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.ModelServing;

/// <summary>
/// Owns the model being served and swaps in a new one when <see cref="CheckNowAsync"/> finds new bytes at
/// <see cref="ModelHostOptions.ModelPath"/>. What triggers a check is not its business (<see cref="ModelReloader"/> waits
/// for <see cref="ModelFileChanges"/>).
/// <para>
/// A check reads the file, hashes it, and does nothing when the bytes are the ones served or the ones already refused.
/// A new model is loaded and warmed off the request path, then published with one reference write. A request reads
/// <see cref="Current"/> once and finishes on that predictor, so a swap never fails or drops a request; the old
/// predictor is collected when its last request is done. A file that cannot be served never replaces a working model:
/// the failure is recorded in <see cref="State"/>, counted, raised through <see cref="ReloadFailed"/>, and the next
/// check tries again. Checks are serialized; nothing here throws to the caller after construction.
/// </para>
/// </summary>
public sealed class ModelHost : IDisposable
{
    public const string MeterName = ModelHostMetrics.MeterName;

    private readonly TimeProvider _time;
    private readonly ModelHostMetrics _metrics;
    private readonly SemaphoreSlim _checkGate = new(1, 1);
    private ModelHostState _state;

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

    /// <summary>Checks the file now (serialized with every other check) and serves it if it is new and valid.</summary>
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

    public void Dispose()
    {
        _checkGate.Dispose();
        _metrics.Dispose();
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
}
