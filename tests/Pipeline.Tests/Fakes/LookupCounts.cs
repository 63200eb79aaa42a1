using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DaprPredictor.Pipeline.Offline;
using Microsoft.Extensions.DependencyInjection;

namespace DaprPredictor.Pipeline.Tests.Fakes;

/// <summary>
/// A meter factory of the test's own and a listener on its <c>daprpredictor.offline.lookups</c> counter: what an operator
/// sees of the offline cache (hits, misses, store errors), without other tests' lookups mixed in.
/// </summary>
public sealed class LookupCounts : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byResult = new(StringComparer.Ordinal);

    public LookupCounts()
    {
        MeterFactory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == MeterFactory && instrument.Meter.Name == OfflineFeatureService.MeterName && instrument.Name == "daprpredictor.offline.lookups")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "cache") _byResult.AddOrUpdate((string)tag.Value!, value, (_, n) => n + value);
            }
        });
        _listener.Start();
    }

    public IMeterFactory MeterFactory { get; }

    /// <summary>Lookups by cache result; results never counted are absent.</summary>
    public IReadOnlyDictionary<string, long> ByResult => _byResult.ToDictionary(StringComparer.Ordinal);

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
