using BenchmarkDotNet.Attributes;
using DaprPredictor.Benchmarks.Infrastructure;
using DaprPredictor.ModelServing;
using Microsoft.ML;

namespace DaprPredictor.Benchmarks.Scorer;

/// <summary>
/// One prediction on the default model, through the pool the scorer uses and, as the baseline, through one
/// PredictionEngine directly: the difference is what the pool costs.
/// </summary>
[MemoryDiagnoser]
public class PredictBenchmarks
{
    private PooledPredictor _pooled = null!;
    private PredictionEngine<ModelInput, ModelOutput> _engine = null!;
    private ModelInput _input = null!;
    private ModelOutput _output = null!;
    private float[][] _vectors = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var model = ModelFile.Load(BenchmarkModel.FromEnvironment());
        _pooled = new PooledPredictor(model);
        _engine = model.Context.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model.Transformer, ignoreMissingColumns: true);
        _input = new ModelInput();
        _output = new ModelOutput();

        // A power of two, so that picking the next vector is a mask, not a division.
        _vectors = BenchmarkModel.Vectors(4096);
    }

    [Benchmark(Baseline = true, Description = "PredictionEngine.Predict (no pool)")]
    public float Engine()
    {
        _vectors[_next++ & (_vectors.Length - 1)].CopyTo(_input.Features, 0);
        _engine.Predict(_input, ref _output);
        return _output.Probability;
    }

    [Benchmark(Description = "PooledPredictor.Predict")]
    public float Pooled() => _pooled.Predict(_vectors[_next++ & (_vectors.Length - 1)]);
}
