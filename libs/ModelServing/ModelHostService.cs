
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DaprPredictor.ModelServing;

/// <summary>Starts and stops the <see cref="ModelHost"/> with the app and logs what it does.</summary>
public sealed partial class ModelHostService(ModelHost host, ILogger<ModelHostService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        host.ModelSwapped += OnModelSwapped;
        host.ReloadFailed += OnReloadFailed;
        return host.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await host.StopAsync(cancellationToken);
        host.ModelSwapped -= OnModelSwapped;
        host.ReloadFailed -= OnReloadFailed;
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
}
