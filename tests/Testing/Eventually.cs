using Xunit;
namespace DaprPredictor.Testing;

/// <summary>Waits for something that happens in the background, with one generous deadline for every test.</summary>
public static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Probes until <paramref name="done"/> holds; fails with the last value after <see cref="Timeout"/>.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (TimeProvider.System.GetElapsedTime(started) > Timeout) Assert.Fail($"{what} did not happen within {Timeout.TotalSeconds} s; last seen: {value}");
            await Task.Delay(25);
        }
    }

    public static Task<bool> Until(Func<bool> condition, string what) =>
        Until(() => Task.FromResult(condition()), done => done, what);
}
