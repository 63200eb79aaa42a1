using System.Diagnostics;
using System.IO.Compression;
using System.Runtime;
using DaprPredictor.Benchmarks.Infrastructure;
using DaprPredictor.ModelTraining;
using DaprPredictor.ModelTraining.Import;
using DaprPredictor.Synthetic.PublicFormats;

namespace DaprPredictor.Benchmarks.Import;

/// <summary>
/// Conversion throughput of a public dataset: a synthetic file in the dataset's format (REES46 in time order, or
/// RetailRocket shuffled as the real events.csv is unsorted) is generated once under out/benchmarks/import, then
/// converted --runs times in this process (the conversion is single-threaded: run it under <c>taskset -c 1</c> to
/// hold it to one core), each into a fresh directory. Rows per second cover the whole conversion: reading (and
/// inflating), parsing, the time sort with its runs on disk, events.jsonl, purchases.jsonl, offline-seed.sql.
/// </summary>
internal static class ImportCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new Arguments(args);
        var format = ImportSource.Parse((arguments.String("format") ?? "rees46") + ":-").Format;
        var rows = arguments.Int("rows", 3_000_000);
        var runs = arguments.Int("runs", 5);
        var gzip = arguments.Has("gzip") && arguments.String("gzip") != "false";
        var runRows = arguments.Int("run-rows", new ImportOptions().RunRows);
        var maxRows = arguments.Int("max-rows", (int)TrainingRequest.DefaultMaxRows);
        var quietWait = TimeSpan.FromSeconds(arguments.Int("quiet-wait", 60));
        var directory = arguments.String("data") ?? Path.Combine("out", "benchmarks", "import");
        arguments.EnsureAllRead();

        Directory.CreateDirectory(directory);
        var input = Path.Combine(directory, $"{ImportSource.Name(format)}-{rows}.csv{(gzip ? ".gz" : "")}");
        if (!File.Exists(input)) Generate(format, rows, gzip, input);
        Console.WriteLine($"{input}: {new FileInfo(input).Length / 1e6:N1} MB; {Environment.ProcessorCount} usable core(s), server GC: {GCSettings.IsServerGC}");

        var rates = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var quiet = await MachineLoad.WaitForQuietAsync(quietWait);
            var output = Path.Combine(directory, $"run-{Environment.ProcessId}-{run}");
            var meter = new DisturbanceMeter(() => 0);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var result = ImportConverter.Convert(new ImportSource(format, [input]), output, new ImportOptions { RunRows = runRows, MaxEvents = maxRows });
            clock.Stop();
            var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var r = result.Report;
            var rate = r.Rows / clock.Elapsed.TotalSeconds;
            rates.Add(rate);
            Console.WriteLine($"run {run}: {r.Rows:N0} rows in {clock.Elapsed.TotalSeconds:0.00} s = {rate:N0} rows/s ({r.Rows / used:N0} per CPU-second), " +
                $"read {r.ReadSeconds:0.00} s, {r.SpilledRuns} runs on disk, {r.Events:N0} page views, {r.Purchases:N0} orders, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB, " +
                $"other processes {meter.OtherCores(clock.Elapsed):0.00} cores{(quiet ? "" : " (machine not quiet)")}");
            Directory.Delete(output, recursive: true);
            GC.Collect();
        }

        var sorted = rates.Order().ToArray();
        Console.WriteLine($"median of {runs} runs: {sorted[sorted.Length / 2]:N0} rows/s (min {sorted[0]:N0}, max {sorted[^1]:N0})");
        return 0;
    }

    private static void Generate(DatasetFormat format, int rows, bool gzip, string path)
    {
        Console.WriteLine($"Generating {rows:N0} synthetic {ImportSource.Name(format)} rows into {path} (once)…");
        var options = new PublicFormatOptions { Rows = rows, Seed = 1, Days = 30 };
        var lines = format == DatasetFormat.Rees46
            ? PublicFormatGenerator.Rees46(options)
            : Shuffled(PublicFormatGenerator.RetailRocket(options));
        var temporary = path + ".partial";
        using (var file = File.Create(temporary))
        using (var stream = gzip ? new GZipStream(file, CompressionLevel.Optimal) : (Stream)file)
        using (var writer = new StreamWriter(stream, bufferSize: 1 << 20))
        {
            writer.NewLine = "\n";
            foreach (var line in lines) writer.WriteLine(line);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The header first, then every row in a random (seeded) order: the worst case for the time sort.</summary>
    private static IEnumerable<string> Shuffled(IEnumerable<string> lines)
    {
        var all = lines.ToList();
        var rows = all.Skip(1).ToArray();
        new Random(1).Shuffle(rows);
        return rows.Prepend(all[0]);
    }
}
