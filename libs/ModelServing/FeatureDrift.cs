using System.Diagnostics.Metrics;
using DaprPredictor.Domain.Monitoring;

namespace DaprPredictor.ModelServing;

/// <summary>
/// Feature drift where vectors are scored: every scored vector is binned against the served model's training
/// distributions (from its card) in a sliding window of <see cref="ModelHostOptions.DriftWindow"/> vectors, exported as
/// <c>daprpredictor_feature_psi{feature}</c>; the card's held-out figures are exported beside the live ones as
/// <c>daprpredictor_model_training_*</c>. A new model starts a new window. Models whose card has no distributions
/// (trained before cards carried them) export no drift.
/// </summary>
public sealed class FeatureDrift
{
    /// <summary>
    /// Vectors needed before PSI is exported: from a handful the index is noise (under no drift its expectation is about
    /// (bins − 1) / n, 0.02 at 500 for deciles).
    /// </summary>
    public const int MinimumVectors = 500;

    private readonly Lock _lock = new();
    private readonly ModelHost _host;
    private FeatureDriftWindow? _window;
    private string? _windowVersion;

    public FeatureDrift(ModelHost host, IMeterFactory? meterFactory)
    {
        _host = host;

        // Without a factory (tools) the meter is never disposed: there is one per process.
        var meter = meterFactory?.Create(ModelHostMetrics.MeterName) ?? new Meter(ModelHostMetrics.MeterName);
        meter.CreateObservableGauge("daprpredictor.feature.psi", Stability,
            description: "Population stability index of each feature group over the most recently scored vectors, against the served model's training data.");
        meter.CreateObservableGauge("daprpredictor.model.training.log_loss", () => Training(h => h.LogLoss), description: "The served model's log loss on training's held-out split.");
        meter.CreateObservableGauge("daprpredictor.model.training.auc", () => Training(h => h.Auc), description: "The served model's AUC on training's held-out split.");
        meter.CreateObservableGauge("daprpredictor.model.training.brier", () => Training(h => h.Brier), description: "The served model's Brier score on training's held-out split.");
        meter.CreateObservableGauge("daprpredictor.model.training.base_rate", () => Training(h => h.BaseRate), description: "The purchase rate of training's held-out split.");
    }

    /// <summary>Records one vector scored by <paramref name="model"/>.</summary>
    public void Observe(ServedModel model, ReadOnlySpan<float> vector)
    {
        if (model.Card.FeatureDistributions is not { Count: > 0 } training) return;
        lock (_lock)
        {
            if (_windowVersion != model.Version)
            {
                _window = new FeatureDriftWindow(training, _host.Options.DriftWindow);
                _windowVersion = model.Version;
            }

            _window!.Add(vector);
        }
    }

    /// <summary>The drift of the current window, empty until it holds <see cref="MinimumVectors"/> of the served model's vectors (or is full).</summary>
    public IReadOnlyList<(string Feature, double Psi)> Current()
    {
        lock (_lock) return _window is { } window && window.Count >= Math.Min(MinimumVectors, window.Capacity) && _windowVersion == _host.Current?.Version ? window.Stability().ToArray() : [];
    }

    private IEnumerable<Measurement<double>> Stability() =>
        Current().Select(f => new Measurement<double>(f.Psi, new KeyValuePair<string, object?>("feature", f.Feature)));

    private IEnumerable<Measurement<double>> Training(Func<Contracts.HeldOutEvaluation, double?> figure) =>
        _host.Current is { Card.HeldOut: { } heldOut } served && figure(heldOut) is { } value
            ? [new Measurement<double>(value, new KeyValuePair<string, object?>("model.version", served.Version))]
            : [];
}
