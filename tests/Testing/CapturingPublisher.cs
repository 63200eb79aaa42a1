using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DaprPredictor.Contracts;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Testing;

/// <summary>Records every published message, as JSON, per topic.</summary>
public sealed class CapturingPublisher : IMessagePublisher
{
    private readonly ConcurrentQueue<(string Topic, string PartitionKey, string Json)> _messages = new();

    public Func<string, Exception?> FailOn { get; set; } = _ => null;

    /// <summary>Fails one message, by its topic and JSON, as a broker refusing it would.</summary>
    public Func<string, string, Exception?> FailMessage { get; set; } = (_, _) => null;

    public Task PublishAsync<T>(string topic, T message, JsonTypeInfo<T> type, string partitionKey, CancellationToken cancellationToken)
    {
        if (FailOn(topic) is { } failure) throw failure;
        var json = JsonSerializer.Serialize(message, type);
        if (FailMessage(topic, json) is { } refused) throw refused;
        _messages.Enqueue((topic, partitionKey, json));
        return Task.CompletedTask;
    }

    public IReadOnlyList<(string Topic, string PartitionKey, string Json)> Messages => [.. _messages];

    public IReadOnlyList<T> On<T>(string topic, JsonTypeInfo<T> type) =>
        _messages.Where(m => m.Topic == topic).Select(m => JsonSerializer.Deserialize(m.Json, type)!).ToList();

    public IReadOnlyList<Prediction> Predictions => On(Topology.PredictionsTopic, ContractsJsonContext.Default.Prediction);

    public IReadOnlyList<DeadLetter> DeadLetters => On(Topology.DeadLetterTopic, ContractsJsonContext.Default.DeadLetter);
}
