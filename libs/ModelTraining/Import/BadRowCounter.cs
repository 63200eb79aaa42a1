namespace DaprPredictor.ModelTraining.Import;

/// <summary>Bad rows by reason, with where each reason first happened.</summary>
internal sealed class BadRowCounter
{
    private readonly long[] _counts = new long[BadRowReasons.All.Count];
    private readonly string?[] _first = new string?[BadRowReasons.All.Count];

    public long Total => _counts.Sum();

    public void Add(BadRowReason reason, string? where = null)
    {
        _counts[(int)reason]++;
        _first[(int)reason] ??= where;
    }

    public Dictionary<string, long> Counts() =>
        BadRowReasons.All.Where(r => _counts[(int)r] > 0).ToDictionary(r => r.Code(), r => _counts[(int)r], StringComparer.Ordinal);

    public Dictionary<string, string> FirstOccurrences() =>
        BadRowReasons.All.Where(r => _first[(int)r] is not null).ToDictionary(r => r.Code(), r => _first[(int)r]!, StringComparer.Ordinal);
}
