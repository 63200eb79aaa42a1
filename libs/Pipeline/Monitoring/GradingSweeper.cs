using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Pipeline.Monitoring;

/// <summary>Grades settled sessions every <see cref="GradingOptions.SweepInterval"/>, (real time) on the pipeline's clock, which is event time during a replay.</summary>
public sealed class GradingSweeper(LiveGrading grading, IOptions<GradingOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) grading.Sweep();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
