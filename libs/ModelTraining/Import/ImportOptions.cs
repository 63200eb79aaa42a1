using DaprPredictor.Domain.Windows;

namespace DaprPredictor.ModelTraining.Import;

public sealed record ImportOptions
{
    /// <summary>At most this many page views are kept for training, of whole users (<see cref="UserSample{T}"/>); null keeps all.</summary>
    public long? MaxEvents { get; init; }

    /// <summary>Inactivity that cuts a session where the dataset has no session ids: the window rules' own timeout, so both agree.</summary>
    public TimeSpan SessionTimeout { get; init; } = new WindowOptions().SessionTimeout;

    /// <summary>Rows sorted in memory at once; more are spilled in sorted runs to temporary files and merged.</summary>
    public int RunRows { get; init; } = 1_000_000;

    /// <summary>Where the sorted runs go (deleted when done); default the output directory, which has room for the output anyway.</summary>
    public string? TemporaryDirectory { get; init; }
}
