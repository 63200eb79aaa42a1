using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Pipeline.Tests.Fakes;

/// <summary>
/// A state store (by default <see cref="Testing.JsonStateStore"/>: Dapr's ETag and TTL semantics, every value through JSON)
/// that records what was asked of it and can fail an operation, lose every ETag race, or let another writer in just
/// before a save, as a second instance of the service would.
/// </summary>
public sealed class ProbedStateStore(IStateStore inner) : IStateStore
{
    private readonly ConcurrentQueue<(string Operation, string Key, TimeSpan? Ttl)> _calls = new();

    /// <summary>Operations are <c>get</c>, <c>try-save</c> and <c>save</c>; a non-null exception is thrown instead.</summary>
    public Func<string, Exception?> FailOn { get; set; } = _ => null;

    /// <summary>Every ETag-guarded save reports a conflict without writing (another writer always wins).</summary>
    public bool LoseEveryRace { get; set; }

    /// <summary>Runs once, just before the next ETag-guarded save of the given key reaches the store.</summary>
    public Func<string, Task>? BeforeNextTrySave { get; set; }

    public IReadOnlyList<(string Operation, string Key, TimeSpan? Ttl)> Calls => [.. _calls];

    public int Count(string operation) => _calls.Count(c => c.Operation == operation);

    public async ValueTask<StateEntry<T>> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        Record("get", key, null);
        return await inner.GetAsync(key, type, cancellationToken);
    }

    public async ValueTask<bool> TrySaveAsync<T>(string key, T value, string? etag, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        Record("try-save", key, ttl);
        if (BeforeNextTrySave is { } interfere)
        {
            BeforeNextTrySave = null;
            await interfere(key);
        }

        return !LoseEveryRace && await inner.TrySaveAsync(key, value, etag, ttl, type, cancellationToken);
    }

    /// <summary>Forwarded as such, so that the inner store's own buffer methods are the ones under test (a get).</summary>
    public async ValueTask<ETag> ReadIntoAsync<TBuffer, TValue>(string key, TBuffer into, JsonTypeInfo<TValue> type, CancellationToken cancellationToken)
        where TBuffer : class, IStateBuffer<TBuffer, TValue>
        where TValue : class
    {
        Record("get", key, null);
        return await inner.ReadIntoAsync(key, into, type, cancellationToken);
    }

    /// <summary>Forwarded as such (a try-save), with the same interference as <see cref="TrySaveAsync{T}"/>.</summary>
    public async ValueTask<bool> TrySaveFromAsync<TBuffer, TValue>(string key, TBuffer from, ETag etag, TimeSpan? ttl, JsonTypeInfo<TValue> type, CancellationToken cancellationToken)
        where TBuffer : class, IStateBuffer<TBuffer, TValue>
        where TValue : class
    {
        Record("try-save", key, ttl);
        if (BeforeNextTrySave is { } interfere)
        {
            BeforeNextTrySave = null;
            await interfere(key);
        }

        return !LoseEveryRace && await inner.TrySaveFromAsync(key, from, etag, ttl, type, cancellationToken);
    }

    public async ValueTask SaveAsync<T>(string key, T value, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        Record("save", key, ttl);
        await inner.SaveAsync(key, value, ttl, type, cancellationToken);
    }

    private void Record(string operation, string key, TimeSpan? ttl)
    {
        _calls.Enqueue((operation, key, ttl));
        if (FailOn(operation) is { } failure) throw failure;
    }
}
