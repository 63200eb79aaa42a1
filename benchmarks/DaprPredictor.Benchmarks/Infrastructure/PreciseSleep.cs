using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DaprPredictor.Benchmarks.Infrastructure;

/// <summary>
/// Sleeps with microsecond precision on Linux: Thread.Sleep rounds to milliseconds, too coarse for a schedule with a
/// request every 500 µs. nanosleep with the thread's timer slack lowered to 1 ns wakes within a few microseconds.
/// </summary>
internal static partial class PreciseSleep
{
    private const int PrSetTimerSlack = 29;

    /// <summary>Call once on each scheduling thread.</summary>
    public static void TightenTimerSlack()
    {
        if (OperatingSystem.IsLinux()) _ = Prctl(PrSetTimerSlack, 1, 0, 0, 0);
    }

    /// <summary>Returns at or just after <paramref name="timestamp"/> (a Stopwatch timestamp).</summary>
    public static void Until(long timestamp)
    {
        while (true)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0) return;
            var nanoseconds = (long)(remaining * (1_000_000_000.0 / Stopwatch.Frequency));
            if (OperatingSystem.IsLinux())
            {
                var request = new TimeSpec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
                _ = NanoSleep(ref request, IntPtr.Zero);
            }
            else
            {
                Thread.Sleep(TimeSpan.FromTicks(Math.Max(1, nanoseconds / 100)));
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(ref TimeSpec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
