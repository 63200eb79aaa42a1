using System.Collections.Concurrent;
using DaprPredictor.FakeDaprd.PubSub;
using DaprPredictor.FakeDaprd.State;

namespace DaprPredictor.FakeDaprd;

/// <summary>
/// What several sidecars share in a deployment: the broker (one Kafka) and the state stores (one Redis per store
/// component). Pass one instance to every <see cref="Daprd"/> that should see the same messages and state; a sidecar
/// created without one gets its own.
/// </summary>
public sealed class Backends
{
    private readonly ConcurrentDictionary<string, RedisStateStore> _stores = new(StringComparer.Ordinal);

    public Backends(TimeProvider? clock = null, BrokerOptions? broker = null)
    {
        Clock = clock ?? TimeProvider.System;
        Broker = new Broker(broker, Clock);
    }

    public TimeProvider Clock { get; }

    public Broker Broker { get; }

    /// <summary>
    /// The store behind state store component <paramref name="name"/>. Keys are kept as the apps send them: daprd's
    /// default key prefix (the app id, state_config.go) would keep two apps' keys apart; DaprPredictor's apps never
    /// share a key ("window|…", "offline|…"), so the fake does not prefix.
    /// </summary>
    public RedisStateStore StateStore(string name) => _stores.GetOrAdd(name, n => new RedisStateStore(n, Clock));
}
