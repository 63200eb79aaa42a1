using System.Text;
using DaprPredictor.Benchmarks.DaprPath;
using DaprPredictor.Synthetic;

namespace DaprPredictor.Benchmarks.Tests;

/// <summary>
/// One short dapr-path session for the tests of a class: a model of 300 users trained by the training CLI, a real
/// MariaDB, and two rigs of the fake daprd and the three services as processes, one single-event, one bulk (batches of
/// up to 10, 1 s await, so that batches form at this rate); 100 page views each at 20/s with 5 % redeliveries and 5 %
/// broken events. Nothing is timed: a loaded machine only makes it slower.
/// </summary>
public sealed class DaprPathSession : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dp-rig-");
    internal static readonly PipelineMode Bulk = new(true, MaxMessagesCount: 10, MaxAwaitDurationMs: 1000);

    private readonly StringBuilder _log = new();

    internal DaprPathReport Report { get; private set; } = null!;

    /// <summary>What the session printed as it went.</summary>
    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    public async Task InitializeAsync()
    {
        var options = new DaprPathOptions
        {
            Ports = PortPlan.FindFree(rigs: 2),
            Modes = [PipelineMode.Single, Bulk],
            Rates = [20],
            Seconds = 5,
            WarmupSeconds = 0,
            Runs = 1,
            TrainingUsers = 300,
            Noise = new NoiseOptions(DuplicateRate: 0.05, InvalidRate: 0.05),
            ModelDirectory = Path.Combine(_directory.FullName, "model"),
            MariaDbDirectory = Path.Combine(_directory.FullName, "db"),
            RemoveMariaDb = true,
            DrainTimeout = TimeSpan.FromMinutes(2),
        };
        using var log = TextWriter.Synchronized(new StringWriter(_log));
        Report = await DaprPathBenchmark.RunAsync(options, log);
        await log.WriteLineAsync(DaprPathBenchmark.Summarize(Report));
    }

    public Task DisposeAsync()
    {
        _directory.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
