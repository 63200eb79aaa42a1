using System.Collections.Concurrent;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Testing;

/// <summary>Returns a probability derived from the vector (so different vectors score differently) and records what it saw.</summary>
public sealed class RecordingScorer : IScorer
{
    private readonly ConcurrentQueue<float[]> _seen = new();

    public Func<float[], Exception?> FailOn { get; set; } = _ => null;

    public IReadOnlyList<float[]> Seen => [.. _seen];

    public ValueTask<Score> ScoreAsync(float[] features, CancellationToken cancellationToken)
    {
        if (FailOn(features) is { } failure) throw failure;
        _seen.Enqueue((float[])features.Clone()); // the caller reuses the array once the call completes
        var sum = features.Sum(v => (double)v);
        return ValueTask.FromResult(new Score(1 / (1 + Math.Exp(-sum / 100)), "m-test", Domain.Features.FeatureSchema.Version));
    }
}
