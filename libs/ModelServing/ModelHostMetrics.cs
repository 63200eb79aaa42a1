using System.Diagnostics.Metrics;

namespace DaprPredictor.ModelServing;

/// <summary>The model host's instruments, on the scorer's meter (scraped from <c>/metrics</c> by the service defaults).</summary>
internal sealed class ModelHostMetrics : IDisposable
{
    public const string MeterName = "DaprPredictor.Scorer";

    private readonly Meter? _ownedMeter;
    private readonly Counter<long> _reloads;
    private readonly Counter<long> _failures;

    public ModelHostMetrics(IMeterFactory? meterFactory, Func<ModelHostState> state)
    {
        // Without a factory (tests, tools) the host owns its meter; a factory's meters belong to the container.
        var meter = meterFactory?.Create(MeterName) ?? (_ownedMeter = new Meter(MeterName));
        _reloads = meter.CreateCounter<long>("daprpredictor.model.reloads", "{reload}", "Models loaded, warmed and swapped in (the first load included).");
        _failures = meter.CreateCounter<long>("daprpredictor.model.reload_failures", "{failure}",
            "Model files that could not be served (missing, unreadable, invalid); the previous model stays in service.");
        meter.CreateObservableGauge("daprpredictor.model.loaded", () => Loaded(state()), "1",
            "1 with the served model version while a model is served, 0 before the first successful load.");
    }

    public void Reloaded() => _reloads.Add(1);

    public void Failed(ReloadFailure failure) => _failures.Add(1, new KeyValuePair<string, object?>("reason", failure.Reason));

    public void Dispose() => _ownedMeter?.Dispose();

    private static Measurement<int> Loaded(ModelHostState state) => state.Served is { } served
        ? new Measurement<int>(1, new KeyValuePair<string, object?>("model.version", served.Version))
        : new Measurement<int>(0);
}
