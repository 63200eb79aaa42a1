namespace DaprPredictor.Domain.Monitoring;

/// <summary>
/// The bins of the last <see cref="Capacity"/> scored vectors, per feature group, against the training distributions:
/// constant memory (one byte per group per vector), O(groups) per vector. Not thread-safe.
/// </summary>
public sealed class FeatureDriftWindow
{
    private readonly (FeatureGroup Group, FeatureDistribution Training)[] _features;
    private readonly double[][] _edges;
    private readonly long[][] _counts;
    private readonly byte[] _ring;
    private long _added;

    public FeatureDriftWindow(IReadOnlyList<FeatureDistribution> training, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _features = training
            .Select(d => (Group: FeatureGroups.Find(d.Feature), Training: d))
            .Where(x => x.Group is not null && x.Training.Bins is > 0 and <= byte.MaxValue)
            .Select(x => (x.Group!, x.Training))
            .ToArray();
        _counts = _features.Select(f => new long[f.Training.Bins]).ToArray();
        _edges = _features.Select(f => f.Training.UpperEdges.ToArray()).ToArray();
        _ring = new byte[capacity * _features.Length];
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count => (int)Math.Min(_added, Capacity);

    public IEnumerable<string> Features => _features.Select(f => f.Group.Name);

    public void Add(ReadOnlySpan<float> vector)
    {
        var offset = (int)(_added % Capacity) * _features.Length;
        for (var f = 0; f < _features.Length; f++)
        {
            if (_added >= Capacity) _counts[f][_ring[offset + f]]--;
            var bin = FeatureDistribution.Bin(_features[f].Group, _edges[f], vector);
            _counts[f][bin]++;
            _ring[offset + f] = (byte)bin;
        }

        _added++;
    }

    /// <summary>PSI of each feature group over the window, in the order of <see cref="Features"/>.</summary>
    public IEnumerable<(string Feature, double Psi)> Stability()
    {
        for (var f = 0; f < _features.Length; f++)
        {
            yield return (_features[f].Group.Name, PopulationStability.Index(_features[f].Training.Proportions, _counts[f]));
        }
    }
}
