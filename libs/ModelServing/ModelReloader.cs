using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DaprPredictor.ModelServing;

/// <summary>
/// Keeps <see cref="ModelHost"/> serving the file's model: the first check when the app starts (so it is ready at once
/// when the file is good), then one check per signal of <see cref="ModelFileChanges"/>. Logs every swap and refusal.
/// </summary>
public sealed partial class ModelReloader(ModelHost host, TimeProvider time, ILogger<ModelReloader> logger) : BackgroundService
{
    private ModelFileChanges? _changes;

    public ModelHost Host => host;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        host.ModelSwapped += OnModelSwapped;
        host.ReloadFailed += OnReloadFailed;
        _changes = new ModelFileChanges(host.Options, time);
        _changes.Watch(); // before the first check, so a change made in between is not missed
        await host.CheckNowAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        host.ModelSwapped -= OnModelSwapped;
        host.ReloadFailed -= OnReloadFailed;
    }

    public override void Dispose()
    {
        _changes?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = _changes ?? throw new InvalidOperationException("The reloader runs only after StartAsync.");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await changes.WaitAsync(stoppingToken);
                await host.CheckNowAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Checks record their own failures; this only keeps an unexpected fault from ending the reloads. The
                // next round waits for an event or the poll again, so a persistent fault cannot spin.
                UnexpectedFault(logger, ex);
            }
        }
    }

    private void OnModelSwapped(ServedModel served, ServedModel? previous) =>
        ModelServed(logger, served.Version, served.Path, served.Card.Trainer, previous?.Version ?? "nothing");

    private void OnReloadFailed(ReloadFailure failure, ServedModel? stillServed)
    {
        if (stillServed is null) NoModelServed(logger, failure.Reason, failure.Message);
        else ReloadRefused(logger, failure.Reason, failure.Message, stillServed.Version);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Serving model {ModelVersion} from {ModelPath} ({Trainer}); it replaces {PreviousVersion}.")]
    private static partial void ModelServed(ILogger logger, string modelVersion, string modelPath, string trainer, string previousVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Model file not served ({Reason}): {Detail} Still serving {ModelVersion}; the next change or poll retries.")]
    private static partial void ReloadRefused(ILogger logger, string reason, string detail, string modelVersion);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "No model served ({Reason}): {Detail} /health reports unhealthy and scoring fails until a valid model file appears.")]
    private static partial void NoModelServed(ILogger logger, string reason, string detail);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Checking the model file failed unexpectedly; the next change or poll tries again.")]
    private static partial void UnexpectedFault(ILogger logger, Exception exception);
}
