namespace DaprPredictor.Contracts;

/// <summary>
/// conversion.json: what importing a public dataset did with every row. Every data row read ends in exactly one of
/// <see cref="Events"/>, <see cref="PurchaseRows"/> and <see cref="BadRows"/>, so they add up to <see cref="Rows"/>.
/// </summary>
/// <param name="Format">The dataset's format code (<c>rees46</c>, <c>retailrocket</c>).</param>
/// <param name="Events">Page views written to events.jsonl (verbatim repeats included: they share an event id).</param>
/// <param name="PurchaseRows">Purchase rows folded into <see cref="Purchases"/> (one offline-store row per order).</param>
/// <param name="BadRows">Rows skipped, by reason code.</param>
/// <param name="FirstBadRows">For each reason, where it first happened (<c>file:line</c>), to look at the row.</param>
/// <param name="DerivedSessions">Sessions cut from inactivity (datasets without session ids); null when the dataset has them.</param>
/// <param name="SpilledRuns">Sorted runs written to temporary files to put the rows in time order (0: it fit in memory).</param>
/// <param name="ReadSeconds">Of <see cref="Seconds"/>, reading, parsing and sorting into runs; the rest is merging and writing.</param>
public sealed record ConversionReport(
    string Format,
    IReadOnlyList<string> Files,
    long Rows,
    long Events,
    long PurchaseRows,
    int Purchases,
    IReadOnlyDictionary<string, long> BadRows,
    IReadOnlyDictionary<string, string> FirstBadRows,
    long? DerivedSessions,
    DateTimeOffset? FirstEventAt,
    DateTimeOffset? LastEventAt,
    ConversionSample Sample,
    int SpilledRuns,
    double ReadSeconds,
    double Seconds,
    double RowsPerSecond)
{
    public long BadRowsTotal => BadRows.Values.Sum();
}
