namespace DaprPredictor.Simulator.Publishing;

/// <summary>When each event of a paced stream is due, counted from the start: event i at i / rate seconds.</summary>
public static class Pacing
{
    /// <param name="eventsPerSecond">0 or less: no pacing, every event is due at once.</param>
    public static TimeSpan DueAfter(long index, double eventsPerSecond) =>
        eventsPerSecond > 0 ? TimeSpan.FromSeconds(index / eventsPerSecond) : TimeSpan.Zero;
}
