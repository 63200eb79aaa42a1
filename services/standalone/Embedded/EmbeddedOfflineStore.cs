using DaprPredictor.Domain.Features;
using DaprPredictor.Modeling.Training;
using DaprPredictor.Pipeline.Embedded;
using DaprPredictor.Pipeline.Seams;
using DaprPredictor.Standalone.Hosting;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Standalone.Embedded;

/// <summary>
/// The offline store without a server: training's purchases.jsonl (or a replay's own purchases) in memory, summarized
/// by the same function the MySQL query is tested against.
/// </summary>
public sealed class EmbeddedOfflineStore(IOptions<StandaloneOptions> options) : IPurchaseHistory
{
    private InMemoryPurchaseHistory? _current;

    public InMemoryPurchaseHistory Current => Volatile.Read(ref _current) ?? LoadDefault();

    public string Source { get; private set; } = "(nothing loaded)";

    public void Load(IEnumerable<PurchaseRecord> purchases, string source)
    {
        Volatile.Write(ref _current, new InMemoryPurchaseHistory(purchases));
        Source = source;
    }

    public ValueTask<PurchaseSummary> GetSummaryAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        Current.GetSummaryAsync(userId, asOf, cancellationToken);

    private InMemoryPurchaseHistory LoadDefault()
    {
        var path = options.Value.ResolvedPurchasesPath;
        Load(File.Exists(path) ? JsonLines.ReadPurchases(path) : [], File.Exists(path) ? path : $"{path} (missing: every user is cold-start)");
        return _current!;
    }
}
