using DaprPredictor.Testing;
using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.Standalone.Tests.Hostile;

/// <summary>
/// The standalone host under attack, shared by every case of the hostile corpus: one in memory (TestServer) and one on
/// Kestrel (a real socket, for framing, lengths, timing and header limits). Both run as in production.
/// </summary>
public sealed class HostileStandalone : IDisposable
{
    private readonly TemporaryModel _model = new(users: 3_000, seed: 3);
    private readonly Lazy<StandaloneHost> _memory;
    private readonly Lazy<(StandaloneHost Host, Uri Address)> _kestrel;
    private long _next;

    public HostileStandalone()
    {
        _memory = new(() => NewHost());
        _kestrel = new(() =>
        {
            var host = NewHost();
            host.UseKestrel(0);
            host.StartServer();
            return (host, HostileAssert.Address(host.Services));
        });
    }

    /// <summary>As in production, with a short grace period for slow bodies so that a stalled one is refused within seconds.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["environment"] = "Production",
        ["RequestLimits:BodyGracePeriod"] = HostileTransports.BodyGracePeriod.ToString(),
    };

    public string ModelPath => _model.Files.Model;

    public StandaloneHost Memory => _memory.Value;

    public StandaloneHost Kestrel => _kestrel.Value.Host;

    public Uri KestrelAddress => _kestrel.Value.Address;

    public StandaloneHost NewHost() => new(_model.Files.Model, settings: Settings);

    /// <summary>Fresh ids for one case's events, at the receiver's time.</summary>
    public EventSeed Seed(string prefix = "h")
    {
        var n = Interlocked.Increment(ref _next);
        return new EventSeed($"{prefix}-e-{n}", $"{prefix}-u-{n}", DateTimeOffset.UtcNow);
    }

    public void Dispose()
    {
        if (_memory.IsValueCreated) _memory.Value.Dispose();
        if (_kestrel.IsValueCreated) _kestrel.Value.Host.Dispose();
        _model.Dispose();
    }
}
