using System.Globalization;

namespace DaprPredictor.Benchmarks.Infrastructure;

/// <summary>
/// CPU use of the whole machine from /proc/stat, to tell runs disturbed by other work (builds, tests) on a shared
/// machine from clean ones, and to wait for a quiet moment before a run.
/// </summary>
internal static class MachineLoad
{
    private const double JiffiesPerSecond = 100;

    /// <summary>Busy and total CPU time of all cores so far, in seconds.</summary>
    public static (double Busy, double Total) Snapshot()
    {
        if (!File.Exists("/proc/stat")) return (0, 0);
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal (guest time is inside user)
        var idle = fields[3] + fields[4];
        return ((total - idle) / JiffiesPerSecond, total / JiffiesPerSecond);
    }

    /// <summary>CPU seconds used by this process and its reaped children (wrk).</summary>
    public static double OwnCpuSeconds()
    {
        if (!File.Exists("/proc/self/stat")) return 0;
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) / JiffiesPerSecond;
    }

    /// <summary>Waits until the machine is nearly idle for two seconds, at most <paramref name="maximum"/>; true if it was.</summary>
    public static async Task<bool> WaitForQuietAsync(TimeSpan maximum)
    {
        var waited = TimeSpan.Zero;
        while (waited < maximum)
        {
            var before = Snapshot();
            await Task.Delay(TimeSpan.FromSeconds(2));
            waited += TimeSpan.FromSeconds(2);
            var after = Snapshot();
            if (after.Total <= before.Total) return true;
            if ((after.Busy - before.Busy) / (after.Total - before.Total) < 0.06) return true;
        }

        return false;
    }
}

/// <summary>Measures how much CPU other processes took during a run: total busy time minus the server's and ours.</summary>
internal sealed class DisturbanceMeter(Func<double> serverCpuSeconds)
{
    private readonly (double Busy, double Total) _machine = MachineLoad.Snapshot();
    private readonly double _server = serverCpuSeconds();
    private readonly double _own = MachineLoad.OwnCpuSeconds();

    /// <summary>Cores' worth of CPU used by other processes since the start (0.25 = a quarter of one core).</summary>
    public double OtherCores(TimeSpan elapsed)
    {
        var machine = MachineLoad.Snapshot();
        var others = (machine.Busy - _machine.Busy) - (serverCpuSeconds() - _server) - (MachineLoad.OwnCpuSeconds() - _own);
        return Math.Max(0, others / elapsed.TotalSeconds);
    }

    public double ServerCpuSeconds => serverCpuSeconds() - _server;
}
