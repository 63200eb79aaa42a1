using System.Threading.Channels;

namespace DaprPredictor.ModelServing;

/// <summary>
/// Says when the model file may have changed: a FileSystemWatcher on its directory (debounced) or, failing that, the
/// poll interval. Both, because watchers miss events on some volumes and see only a symlink swap on Kubernetes
/// ConfigMap updates. A watcher that cannot be created yet (no directory, the inotify limit) or that breaks is built
/// again on the next wait, and polling alone finds every change meanwhile, only later.
/// </summary>
public sealed class ModelFileChanges(ModelHostOptions options, TimeProvider time) : IDisposable
{
    // One pending "something changed" is enough: the check that follows reads the file as it is by then.
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private FileSystemWatcher? _watcher;
    private int _watcherBroken;

    /// <summary>Starts watching, if the directory exists: call it before the first check, so a change in between is seen.</summary>
    public void Watch()
    {
        if (Interlocked.Exchange(ref _watcherBroken, 0) == 1) DisposeWatcher();
        if (!options.WatchFileSystem || _watcher is not null) return;
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.ModelPath));
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
            watcher?.Dispose();
        }
    }

    /// <summary>
    /// Returns once a file-system event has been followed by <see cref="ModelHostOptions.Debounce"/> of quiet (so a file
    /// copied in several writes is read once, and never later than a poll interval), or once the poll interval elapsed.
    /// </summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        Watch(); // the directory may exist by now, or the watcher may have broken
        if (await WaitForEventOrPollAsync(cancellationToken)) await DebounceAsync(cancellationToken);
    }

    public void Dispose() => DisposeWatcher();

    /// <summary>True when a file-system event arrived, false when the poll interval elapsed first.</summary>
    private async Task<bool> WaitForEventOrPollAsync(CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var change = _changes.Reader.WaitToReadAsync(wait.Token).AsTask();
        var poll = Task.Delay(options.PollInterval, time, wait.Token);
        var first = await Task.WhenAny(change, poll);
        await wait.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return first == change && _changes.Reader.TryRead(out _);
    }

    private async Task DebounceAsync(CancellationToken cancellationToken)
    {
        if (options.Debounce == TimeSpan.Zero) return;
        var waited = TimeSpan.Zero;
        do
        {
            await Task.Delay(options.Debounce, time, cancellationToken);
            waited += options.Debounce;
        }
        while (_changes.Reader.TryRead(out _) && waited < options.PollInterval);
    }

    private void DisposeWatcher() => Interlocked.Exchange(ref _watcher, null)?.Dispose();

    private void OnFileSystemEvent(object sender, FileSystemEventArgs e) => _changes.Writer.TryWrite(true);

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        // Overflowed or lost its directory: check now and build a new watcher on the next wait.
        Volatile.Write(ref _watcherBroken, 1);
        _changes.Writer.TryWrite(true);
    }
}
