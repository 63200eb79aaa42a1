using DaprPredictor.Domain.Events;

namespace DaprPredictor.Synthetic;

/// <summary>
/// Adds redeliveries and broken events to a clean stream without changing the clean events or their order, so the
/// clean part still scores exactly as it would alone. Deterministic for a seed.
/// </summary>
public static class StreamNoise
{
    /// <remarks>The clean stream must be in event-time order; a redelivery is placed where its arrival time falls.</remarks>
    public static IEnumerable<PageViewEvent> Inject(IEnumerable<PageViewEvent> clean, NoiseOptions noise, int seed) =>
        Inject(clean.Select(e => (e, 0)), noise, seed).Select(x => x.Event);

    /// <summary>The same, each event with a tag: a redelivery keeps its event's tag, a broken copy has none (default).</summary>
    public static IEnumerable<(PageViewEvent Event, T? Tag)> Inject<T>(IEnumerable<(PageViewEvent Event, T Tag)> clean, NoiseOptions noise, int seed)
    {
        var random = Rng.Stream(seed, 0, salt: 7);
        var pending = new PriorityQueue<(PageViewEvent, T?), DateTimeOffset>();
        var broken = 0;
        foreach (var (e, tag) in clean)
        {
            var at = Rfc3339.TryParse(e.Timestamp, out var t) ? t : DateTimeOffset.MinValue;
            while (pending.TryPeek(out var due, out var dueAt) && dueAt <= at)
            {
                pending.Dequeue();
                yield return due;
            }

            yield return (e, tag);
            if (random.NextDouble() < noise.DuplicateRate) pending.Enqueue((e, tag), at.AddMilliseconds(random.NextInt64(noise.MaxRedeliverySeconds * 1000L + 1)));
            if (random.NextDouble() < noise.InvalidRate) yield return (Break(e, broken++), default);
        }

        while (pending.TryDequeue(out var e, out _)) yield return e;
    }

    private static PageViewEvent Break(PageViewEvent e, int n)
    {
        var id = $"{e.EventId}-broken-{n}";
        return (n % 6) switch
        {
            0 => e with { EventId = id, UserId = null },
            1 => e with { EventId = id, Timestamp = "yesterday at noon" },
            2 => e with { EventId = id, Price = double.NaN },
            3 => e with { EventId = id, Price = -5 },
            4 => e with { EventId = id, SessionId = "" },
            _ => e with { EventId = null },
        };
    }
}
