using System.Diagnostics;

namespace DaprPredictor.ModelTraining;

/// <summary>
/// Training's progress as lines, for logs, CI and any output that is not a terminal: one when a stage starts and one
/// when it ends, with its duration. Every command that trains without a progress display reports through this.
/// </summary>
public sealed class TrainingStageLog(Action<string> writeLine, string indent = "") : IProgress<TrainingProgress>
{
    private readonly Dictionary<string, Stopwatch> _started = [];
    private readonly Lock _gate = new();

    public void Report(TrainingProgress value)
    {
        lock (_gate)
        {
            if (!_started.TryGetValue(value.Stage, out var clock))
            {
                _started[value.Stage] = clock = Stopwatch.StartNew();
                writeLine($"{indent}{value.Stage}…");
            }

            if (value.Fraction >= 1 && clock.IsRunning)
            {
                clock.Stop();
                writeLine($"{indent}{value.Stage}: done in {clock.Elapsed.TotalSeconds:0.0}s");
            }
        }
    }
}
