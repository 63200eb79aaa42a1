using DaprPredictor.ModelTraining;
using Spectre.Console;

namespace DaprPredictor.Training;

/// <summary>Runs the pipeline with a progress display, then prints the model next to the oracle and the base rate.</summary>
public static class TrainingCommand
{
    public static int Run(TrainingRequest request)
    {
        // Logs and CI: a line is a line, not wrapped at 80 columns (paths are long).
        if (Console.IsOutputRedirected) AnsiConsole.Console.Profile.Width = 1000;
        try
        {
            var result = RunWithProgress(request);
            TrainingReport.Write(AnsiConsole.Console, result);
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IOException or InvalidDataException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Training failed:[/] {ex.Message}");
            return 1;
        }
    }

    public static TrainingResult RunWithProgress(TrainingRequest request)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return TrainingPipeline.Run(request, new TrainingStageLog(AnsiConsole.Console.WriteLine));
        }

        TrainingResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context => result = TrainingPipeline.Run(request, new ConsoleProgress(context)));
        return result!;
    }

    /// <summary>Reports synchronously (not via Progress&lt;T&gt;), so the bars follow the work as it happens.</summary>
    private sealed class ConsoleProgress(ProgressContext context) : IProgress<TrainingProgress>
    {
        private readonly Dictionary<string, ProgressTask> _tasks = [];
        private readonly Lock _gate = new();

        public void Report(TrainingProgress value)
        {
            lock (_gate)
            {
                if (!_tasks.TryGetValue(value.Stage, out var task))
                {
                    task = _tasks[value.Stage] = context.AddTask(value.Stage, maxValue: 1);
                    task.IsIndeterminate = value.Fraction is null;
                }

                if (value.Fraction is { } fraction)
                {
                    task.IsIndeterminate = false;
                    task.Value = fraction;
                    if (fraction >= 1) task.StopTask();
                }
            }
        }
    }
}
