using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DaprPredictor.Benchmarks.Infrastructure;

/// <param name="Latency">Open loop: from each request's scheduled send time to its complete response.</param>
/// <param name="SendLag">Open loop only: from the scheduled send time to the actual send (the generator's own delay).</param>
internal sealed record LoadResult(string Mode, int Connections, double Seconds, long Requests, long Errors, Percentiles Latency, Percentiles? SendLag)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>
/// Closed and open loop HTTP load over <see cref="LoopbackConnection"/>s, one dedicated thread per connection.
/// Warm-up requests are sent like the others and left out of the results.
/// </summary>
internal static class LoadGenerator
{
    /// <summary>Each connection sends its next request as soon as the previous answer arrives: the throughput ceiling.</summary>
    public static LoadResult ClosedLoop(IPEndPoint endpoint, byte[][] requests, int connections, TimeSpan warmup, TimeSpan duration)
    {
        var samples = new List<long>[connections];
        var errors = 0L;
        var setUp = new Barrier(connections + 1);
        var measureFrom = long.MaxValue; // nothing is measured until the window is set below
        var measureTo = long.MaxValue;
        var threads = Enumerable.Range(0, connections).Select(c => new Thread(() =>
        {
            var mine = samples[c] = new List<long>(1 << 16);
            using var connection = new LoopbackConnection(endpoint);
            setUp.SignalAndWait();
            for (var i = c; ; i += connections)
            {
                var start = Stopwatch.GetTimestamp();
                if (start >= Volatile.Read(ref measureTo)) break;
                var status = Exchange(connection, requests[i % requests.Length]);
                var end = Stopwatch.GetTimestamp();
                if (start < Volatile.Read(ref measureFrom) || end > measureTo) continue;
                mine.Add(end - start);
                if (status != 200) Interlocked.Increment(ref errors);
            }
        }) { IsBackground = true, Name = $"closed-loop {c}" }).ToArray();

        foreach (var thread in threads) thread.Start();
        setUp.SignalAndWait();
        var now = Stopwatch.GetTimestamp();
        Volatile.Write(ref measureFrom, now + Ticks(warmup));
        Volatile.Write(ref measureTo, now + Ticks(warmup) + Ticks(duration));
        foreach (var thread in threads) thread.Join();

        var all = samples.SelectMany(s => s).ToArray();
        return new LoadResult("closed", connections, duration.TotalSeconds, all.Length, errors, Percentiles.FromTicks(all), SendLag: null);
    }

    /// <summary>
    /// Requests are scheduled at a fixed rate, whatever the server does, and each latency is measured from the scheduled
    /// send time: a stall delays the requests behind it and they count as slow (no coordinated omission). Request i
    /// goes out on connection i mod <paramref name="connections"/>; a connection still busy sends late, and the
    /// lateness is in the latency.
    /// </summary>
    public static LoadResult OpenLoop(IPEndPoint endpoint, byte[][] requests, double rate, int connections, TimeSpan warmup, TimeSpan duration) =>
        OpenLoop(endpoint, i => requests[i % requests.Length], rate, connections, warmup, duration).Summary(connections, duration);

    /// <summary>
    /// The open loop with request i built by <paramref name="request"/> on its connection's thread just before it is due
    /// (unique events for a long run), every request's latency, send lag and status kept.
    /// </summary>
    public static OpenLoopRun OpenLoop(IPEndPoint endpoint, Func<long, byte[]> request, double rate, int connections, TimeSpan warmup, TimeSpan duration)
    {
        var period = Stopwatch.Frequency / rate;
        var skipped = (long)(warmup.TotalSeconds * rate);
        var total = skipped + (long)(duration.TotalSeconds * rate);
        var run = new OpenLoopRun(rate, skipped, new long[total], new long[total], new int[total]);
        var setUp = new Barrier(connections + 1);
        var origin = 0L;
        var threads = Enumerable.Range(0, connections).Select(c => new Thread(() =>
        {
            PreciseSleep.TightenTimerSlack();
            LoopbackConnection? connection = new(endpoint);
            setUp.SignalAndWait();
            var start = Volatile.Read(ref origin);
            for (long i = c; i < total; i += connections)
            {
                var bytes = request(i);
                var scheduled = start + (long)(i * period);
                PreciseSleep.Until(scheduled);
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    connection ??= new LoopbackConnection(endpoint);
                    run.Status[i] = connection.Exchange(bytes);
                }
                catch (Exception ex) when (ex is IOException or SocketException)
                {
                    connection?.Dispose();
                    connection = null;
                }

                run.LatencyTicks[i] = Stopwatch.GetTimestamp() - scheduled;
                run.LagTicks[i] = sent - scheduled;
            }

            connection?.Dispose();
        }) { IsBackground = true, Name = $"open-loop {c}" }).ToArray();

        foreach (var thread in threads) thread.Start();
        Volatile.Write(ref origin, Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10);
        setUp.SignalAndWait();
        foreach (var thread in threads) thread.Join();
        return run;
    }

    private static int Exchange(LoopbackConnection connection, byte[] request)
    {
        try
        {
            return connection.Exchange(request);
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            return 0;
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
