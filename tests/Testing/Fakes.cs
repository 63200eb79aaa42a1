using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DaprPredictor.Contracts;
using DaprPredictor.Embedded;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Testing;

/// <summary>Records every published message, as JSON, per topic.</summary>
public sealed class CapturingPublisher : IMessagePublisher
{
    private readonly ConcurrentQueue<(string Topic, string PartitionKey, string Json)> _messages = new();

    public Func<string, Exception?> FailOn { get; set; } = _ => null;

    public Task PublishAsync<T>(string topic, T message, JsonTypeInfo<T> type, string partitionKey, CancellationToken cancellationToken)
    {
        if (FailOn(topic) is { } failure) throw failure;
        _messages.Enqueue((topic, partitionKey, JsonSerializer.Serialize(message, type)));
        return Task.CompletedTask;
    }

    public IReadOnlyList<(string Topic, string PartitionKey, string Json)> Messages => [.. _messages];

    public IReadOnlyList<T> On<T>(string topic, JsonTypeInfo<T> type) =>
        _messages.Where(m => m.Topic == topic).Select(m => JsonSerializer.Deserialize(m.Json, type)!).ToList();

    public IReadOnlyList<Prediction> Predictions => On(Topology.PredictionsTopic, ContractsJsonContext.Default.Prediction);

    public IReadOnlyList<DeadLetter> DeadLetters => On(Topology.DeadLetterTopic, ContractsJsonContext.Default.DeadLetter);
}

/// <summary>
/// The in-memory store's semantics, but every value goes through JSON on the way in and out, exactly as it would
/// through a Dapr state store: proves that nothing the pipeline keeps is lost or changed by serialization.
/// </summary>
public sealed class JsonStateStore(TimeProvider clock) : IStateStore
{
    private readonly EmbeddedStateStore _inner = new(clock);

    private int _saves;

    public int Saves => Volatile.Read(ref _saves);

    public async ValueTask<StateEntry<T>> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        var entry = await _inner.GetAsync(key, JsonBytes.TypeInfo, cancellationToken);
        return entry.Value is null ? default : new StateEntry<T>(JsonSerializer.Deserialize(entry.Value.Utf8, type), entry.ETag);
    }

    public ValueTask<bool> TrySaveAsync<T>(string key, T value, string? etag, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        Interlocked.Increment(ref _saves);
        return _inner.TrySaveAsync(key, new JsonBytes(JsonSerializer.SerializeToUtf8Bytes(value, type)), etag, ttl, JsonBytes.TypeInfo, cancellationToken);
    }

    public ValueTask SaveAsync<T>(string key, T value, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class =>
        _inner.SaveAsync(key, new JsonBytes(JsonSerializer.SerializeToUtf8Bytes(value, type)), ttl, JsonBytes.TypeInfo, cancellationToken);

    private sealed record JsonBytes(byte[] Utf8)
    {
        // Never used to serialize: the in-memory store keeps references.
        public static readonly JsonTypeInfo<JsonBytes> TypeInfo = JsonTypeInfo.CreateJsonTypeInfo<JsonBytes>(new JsonSerializerOptions());
    }
}

/// <summary>Returns a probability derived from the vector (so different vectors score differently) and records what it saw.</summary>
public sealed class RecordingScorer : IScorer
{
    private readonly ConcurrentQueue<float[]> _seen = new();

    public Func<float[], Exception?> FailOn { get; set; } = _ => null;

    public IReadOnlyList<float[]> Seen => [.. _seen];

    public ValueTask<Score> ScoreAsync(float[] features, CancellationToken cancellationToken)
    {
        if (FailOn(features) is { } failure) throw failure;
        _seen.Enqueue(features);
        var sum = features.Sum(v => (double)v);
        return ValueTask.FromResult(new Score(1 / (1 + Math.Exp(-sum / 100)), "m-test", Domain.Features.FeatureSchema.Version));
    }
}
