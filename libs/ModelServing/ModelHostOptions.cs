namespace DaprPredictor.ModelServing;

/// <summary>Where the served model lives and how often <see cref="ModelFileChanges"/> looks for a new one.</summary>
public sealed record ModelHostOptions
{
    /// <summary>The model.zip to serve; a relative path is made absolute against the working directory when the host is built.</summary>
    public required string ModelPath { get; init; }

    /// <summary>
    /// How often the file is checked even without a file-system event. Watchers miss changes on network volumes and
    /// on Kubernetes ConfigMap updates, which swap a symlink in the directory instead of writing the file.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Quiet time after the last file-system event before the file is read, so one copy is one reload.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>False on volumes where inotify is unavailable or its instance limit is reached: polling alone then.</summary>
    public bool WatchFileSystem { get; init; } = true;

    /// <summary>How many of the most recently scored vectors the feature drift gauges compare with the training distribution.</summary>
    public int DriftWindow { get; init; } = 10_000;
}
