using DaprPredictor.Contracts;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace DaprPredictor.ModelServing;

/// <summary>
/// Thread-safe scoring over one loaded model. A PredictionEngine is not thread-safe and costly to create, so engines
/// are pooled: each lease owns its engine and its input/output buffers, and a prediction allocates nothing.
/// </summary>
public sealed class PooledPredictor
{
    private readonly ObjectPool<Lease> _pool;

    public PooledPredictor(LoadedModel model, int? maximumRetained = null)
    {
        Model = model;
        _pool = new DefaultObjectPool<Lease>(new LeasePolicy(model), maximumRetained ?? Environment.ProcessorCount * 4);

        // Fail on load, not on the first request, if the model cannot produce a probability.
        var warm = _pool.Get();
        _pool.Return(warm);
    }

    public LoadedModel Model { get; }

    public ModelCard Card => Model.Card;

    public float Predict(ReadOnlySpan<float> features)
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
