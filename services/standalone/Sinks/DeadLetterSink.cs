using System.Collections.Concurrent;
using DaprPredictor.Contracts;

namespace DaprPredictor.Standalone.Sinks;

/// <summary>The in-process subscriber of the dead-letter topic: counts by reason and the latest few letters.</summary>
public sealed class DeadLetterSink
{
    private const int RecentCount = 8;
    private readonly ConcurrentDictionary<string, long> _byReason = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<DeadLetter> _recent = new();

    public IReadOnlyDictionary<string, long> ByReason => _byReason;

    public IReadOnlyList<DeadLetter> Recent => [.. _recent];

    public ValueTask AddAsync(DeadLetter letter)
    {
        _byReason.AddOrUpdate(letter.Reason, 1, (_, n) => n + 1);
        _recent.Enqueue(letter);
        while (_recent.Count > RecentCount) _recent.TryDequeue(out _);
        return ValueTask.CompletedTask;
    }
}
