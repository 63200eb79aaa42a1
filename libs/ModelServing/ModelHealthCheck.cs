using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DaprPredictor.ModelServing;

/// <summary>
/// Ready while a model is served. A refused reload does not make the host unready (it still serves the previous
/// model), but the error is in the check's data so that /health shows it.
/// </summary>
public sealed class ModelHealthCheck(ModelHost host) : IHealthCheck
{
    public const string Name = "model";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = host.State;
        var data = new Dictionary<string, object> { ["path"] = state.ModelPath };
        if (state.LastCheckedAt is { } checkedAt) data["lastCheckedAt"] = Timestamp(checkedAt);
        if (state.LastFailure is { } failure)
        {
            data["lastReloadError"] = failure.Message;
            data["lastReloadErrorReason"] = failure.Reason;
            data["lastReloadErrorAt"] = Timestamp(failure.At);
        }

        if (state.Served is not { } served)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"no model is loaded: {state.NotLoadedReason}", data: data));
        }

        data["modelVersion"] = served.Version;
        data["featureSchemaVersion"] = served.Card.FeatureSchemaVersion;
        data["loadedAt"] = Timestamp(served.LoadedAt);
        data["trainer"] = served.Card.Trainer;
        data["scoring"] = served.Predictor.Scoring;
        return Task.FromResult(HealthCheckResult.Healthy($"serving model {served.Version}", data));
    }

    private static string Timestamp(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
