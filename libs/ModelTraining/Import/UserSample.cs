namespace DaprPredictor.ModelTraining.Import;

/// <summary>
/// The items (page views) of whole users, at most <c>maxItems</c> of them, chosen without knowing the input's size in
/// advance: a user is kept when its <see cref="UserHash"/> is at most a threshold. The threshold starts at the whole
/// range and steps down by a quarter (dropping the users above it) whenever the kept items exceed the limit, so the
/// result is the users below the highest step whose items fit: the same users on every run, in any input order, and a
/// user kept at one limit is kept at any higher one.
/// </summary>
public sealed class UserSample<T>(long? maxItems)
{
    private readonly List<ulong> _hashes = [];
    private readonly List<T> _items = [];

    public ulong Threshold { get; private set; } = ulong.MaxValue;

    public long? MaxItems { get; } = maxItems;

    public IReadOnlyList<T> Items => _items;

    /// <summary>The expected share of users kept.</summary>
    public double UserShare => Threshold == ulong.MaxValue ? 1 : Threshold / 18_446_744_073_709_551_616.0;

    public int Users => _hashes.Distinct().Count();

    public bool Keeps(ulong userHash) => userHash <= Threshold;

    public void Add(ulong userHash, T item)
    {
        if (!Keeps(userHash)) return;
        _hashes.Add(userHash);
        _items.Add(item);
        while (_items.Count > MaxItems) StepDown();
    }

    private void StepDown()
    {
        Threshold = Threshold / 4 * 3;
        var kept = 0;
        for (var i = 0; i < _items.Count; i++)
        {
            if (_hashes[i] > Threshold) continue;
            _hashes[kept] = _hashes[i];
            _items[kept] = _items[i];
            kept++;
        }

        _hashes.RemoveRange(kept, _hashes.Count - kept);
        _items.RemoveRange(kept, _items.Count - kept);
    }
}
