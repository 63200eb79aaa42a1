using DaprPredictor.Contracts;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace DaprPredictor.ModelServing;

/// <summary>
/// Thread-safe scoring over one loaded model. A model of the shape our training writes is scored by
/// <see cref="TreeEnsembleEvaluator"/>, directly, once it has given ML.NET's own answer on every probe vector; any other
/// model, or one where they differ, by ML.NET's PredictionEngine. Engines are not thread-safe and costly to create, so
/// they are pooled: each lease owns its engine and its input/output buffers. Neither path allocates per prediction.
/// </summary>
public sealed class PooledPredictor
{
    /// <summary>How many probe vectors the evaluator must score exactly as ML.NET does before it is used.</summary>
    public const int ProbeCount = 2048;

    private readonly ObjectPool<Lease> _pool;
    private readonly TreeEnsembleEvaluator? _evaluator;

    public PooledPredictor(LoadedModel model, int? maximumRetained = null)
    {
        Model = model;
        _pool = new DefaultObjectPool<Lease>(new LeasePolicy(model), maximumRetained ?? Environment.ProcessorCount * 4);

        // Fail on load, not on the first request, if the model cannot produce a probability.
        var warm = _pool.Get();
        _pool.Return(warm);

        var evaluator = TreeEnsembleEvaluator.TryCreate(model.Transformer, out var unsupported);
        var disagreement = evaluator is null ? null : FirstDisagreement(evaluator);
        _evaluator = disagreement is null ? evaluator : null;
        Scoring = _evaluator is { } e
            ? $"direct: {e.Trees} trees and the Platt calibrator evaluated in process, the same float as ML.NET's on {ProbeCount:N0} probe vectors"
            : $"ML.NET PredictionEngine: {unsupported ?? disagreement}";
    }

    public LoadedModel Model { get; }

    public ModelCard Card => Model.Card;

    /// <summary>How predictions are computed and, for ML.NET's engine, why not directly: for /health.</summary>
    public string Scoring { get; }

    /// <summary>True when <see cref="TreeEnsembleEvaluator"/> scores, false when ML.NET's PredictionEngine does.</summary>
    public bool IsDirect => _evaluator is not null;

    public float Predict(ReadOnlySpan<float> features) => _evaluator is { } evaluator ? evaluator.Predict(features) : PredictWithEngine(features);

    /// <summary>ML.NET's answer through a pooled PredictionEngine, whichever way <see cref="Predict"/> goes.</summary>
    public float PredictWithEngine(ReadOnlySpan<float> features)
    {
        var lease = _pool.Get();
        try
        {
            features.CopyTo(lease.Input.Features);
            lease.Engine.Predict(lease.Input, ref lease.Output);
            return lease.Output.Probability;
        }
        finally
        {
            _pool.Return(lease);
        }
    }

    /// <summary>The first probe on which the evaluator and ML.NET differ by a single bit, as a sentence; null when none does.</summary>
    private string? FirstDisagreement(TreeEnsembleEvaluator evaluator)
    {
        var index = 0;
        foreach (var probe in evaluator.Probes(ProbeCount, seed: 20261207))
        {
            var (direct, engine) = (evaluator.Predict(probe), PredictWithEngine(probe));
            if (BitConverter.SingleToInt32Bits(direct) != BitConverter.SingleToInt32Bits(engine))
            {
                return $"the direct evaluator gave {direct:R} where ML.NET gives {engine:R} on probe vector {index}";
            }

            index++;
        }

        return null;
    }

    private sealed class Lease(PredictionEngine<ModelInput, ModelOutput> engine)
    {
        public readonly PredictionEngine<ModelInput, ModelOutput> Engine = engine;
        public readonly ModelInput Input = new();
        public ModelOutput Output = new();
    }

    private sealed class LeasePolicy(LoadedModel model) : PooledObjectPolicy<Lease>
    {
        public override Lease Create() =>
            new(model.Context.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model.Transformer, ignoreMissingColumns: true));

        public override bool Return(Lease obj) => true;
    }
}
