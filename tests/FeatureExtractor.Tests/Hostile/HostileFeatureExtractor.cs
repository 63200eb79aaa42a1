using DaprPredictor.Domain.Features;
using DaprPredictor.Testing;
using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.FeatureExtractor.Tests.Hostile;

/// <summary>
/// The feature extractor under attack, shared by every case of a test class: in memory, and on Kestrel for the cases
/// that need a real socket. Both run as in production, with offline-features and the scorer answering.
/// </summary>
public sealed class HostileFeatureExtractor : IDisposable
{
    private readonly Lazy<FeatureExtractorFactory> _memory = new(() => NewService());
    private readonly Lazy<(FeatureExtractorFactory Service, Uri Address)> _kestrel = new(() =>
    {
        var service = NewService();
        service.UseKestrel(0);
        service.StartServer();
        return (service, HostileAssert.Address(service.Services));
    });

    private readonly Lazy<FeatureExtractorFactory> _bulk = new(() => NewService(bulk: true));
    private readonly Lazy<(FeatureExtractorFactory Service, Uri Address)> _bulkKestrel = new(() =>
    {
        var service = NewService(bulk: true);
        service.UseKestrel(0);
        service.StartServer();
        return (service, HostileAssert.Address(service.Services));
    });

    private long _next;

    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["environment"] = "Production",
        ["RequestLimits:BodyGracePeriod"] = HostileTransports.BodyGracePeriod.ToString(),
    };

    public FeatureExtractorFactory Memory => _memory.Value;

    public FeatureExtractorFactory Kestrel => _kestrel.Value.Service;

    public Uri KestrelAddress => _kestrel.Value.Address;

    /// <summary>The service with bulk subscribe on (<see cref="HostileBulkDeliveries.MaxMessages"/> per batch), in memory.</summary>
    public FeatureExtractorFactory Bulk => _bulk.Value;

    public FeatureExtractorFactory BulkKestrel => _bulkKestrel.Value.Service;

    public Uri BulkKestrelAddress => _bulkKestrel.Value.Address;

    public static FeatureExtractorFactory NewService(bool bulk = false)
    {
        var settings = new Dictionary<string, string>(Settings);
        if (bulk)
        {
            foreach (var (key, value) in FeatureExtractorFactory.BulkSettings(HostileBulkDeliveries.MaxMessages)) settings[key] = value;
        }

        var service = new FeatureExtractorFactory { Settings = settings };
        service.OfflineFeaturesAnswer(PurchaseFeatures.ColdStartDefaults);
        service.ScorerAnswers(0.5);
        return service;
    }

    /// <summary>Fresh ids for one case's events, at the receiver's (fake) time.</summary>
    public EventSeed Seed(string prefix = "h")
    {
        var n = Interlocked.Increment(ref _next);
        return new EventSeed($"{prefix}-e-{n}", $"{prefix}-u-{n}", FeatureExtractorFactory.Now);
    }

    public void Dispose()
    {
        if (_memory.IsValueCreated) _memory.Value.Dispose();
        if (_kestrel.IsValueCreated) _kestrel.Value.Service.Dispose();
        if (_bulk.IsValueCreated) _bulk.Value.Dispose();
        if (_bulkKestrel.IsValueCreated) _bulkKestrel.Value.Service.Dispose();
    }
}
