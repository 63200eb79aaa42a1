using System.Diagnostics;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text.Unicode;
using DaprPredictor.Contracts;

namespace DaprPredictor.ModelTraining.Import;

/// <summary>
/// Converts a public dataset into our formats in one read of its files: events.jsonl (page views, the wire format, in
/// event-time order: what the standalone host replays and the simulator publishes), purchases.jsonl and
/// offline-seed.sql (the offline store, embedded and MySQL), and conversion.json (every row accounted for). The
/// sampled users' page views come back for training, which then runs the normal path on them.
/// Gzip files are read as they are (recognised by their first bytes, not their name).
/// </summary>
public static class ImportConverter
{
    public const string ReadStage = "Reading and sorting the dataset";
    public const string WriteStage = "Writing events, purchases and offline store seed";

    public static ImportResult Convert(ImportSource source, string outputDirectory, ImportOptions options, IProgress<TrainingProgress>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        foreach (var path in source.Paths)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"No such file: {Path.GetFullPath(path)}", path);
        }

        Directory.CreateDirectory(outputDirectory);
        var files = new OutputFiles(outputDirectory);
        var schema = DatasetSchema.For(source.Format);
        var bad = new BadRowCounter();
        using var sorted = new TimeOrderedRows(options.RunRows, options.TemporaryDirectory ?? outputDirectory);

        progress?.Report(new(ReadStage, 0));
        var rows = Read(source, schema, sorted, bad, fraction => progress?.Report(new(ReadStage, fraction)));
        progress?.Report(new(ReadStage, 1));
        var readSeconds = clock.Elapsed.TotalSeconds;

        progress?.Report(new(WriteStage, 0));
        var sample = new UserSample<byte[]>(options.MaxEvents);
        ConversionWriter writer;
        using (var events = new FileStream(files.Events, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1))
        {
            writer = new ConversionWriter(schema, events, sample, options.SessionTimeout);
            sorted.Drain(writer, fraction => progress?.Report(new(WriteStage, 0.95 * fraction)));
            writer.Complete();
        }

        files.WritePurchases(writer.Purchases);
        for (var i = 0; i < writer.DuplicatePurchaseRows; i++) bad.Add(BadRowReason.DuplicatePurchaseRow);
        clock.Stop();

        var report = new ConversionReport(
            source.Code,
            source.Paths.Select(Path.GetFullPath).ToArray(),
            rows,
            writer.Events,
            writer.PurchaseRows,
            writer.Purchases.Count,
            bad.Counts(),
            bad.FirstOccurrences(),
            schema.HasSessions ? null : writer.DerivedSessions,
            writer.FirstEventTicks is { } first ? new DateTimeOffset(first, TimeSpan.Zero) : null,
            writer.LastEventTicks is { } last ? new DateTimeOffset(last, TimeSpan.Zero) : null,
            new ConversionSample(options.MaxEvents, sample.UserShare, sample.Items.Count, sample.Users),
            sorted.SpilledRuns,
            Math.Round(readSeconds, 2),
            Math.Round(clock.Elapsed.TotalSeconds, 2),
            Math.Round(rows / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
        files.WriteConversion(report);
        progress?.Report(new(WriteStage, 1));
        return new ImportResult(report, sample.Items, writer.Purchases, files);
    }

    /// <summary>Reads every data row once, counting the bad ones, into the time sort; returns the data rows read.</summary>
    private static long Read(ImportSource source, DatasetSchema schema, TimeOrderedRows sorted, BadRowCounter bad, Action<double> progress)
    {
        var totalBytes = Math.Max(1, source.Paths.Sum(p => new FileInfo(p).Length));
        long doneBytes = 0;
        long rows = 0;
        var fields = new Range[DatasetSchema.MaxColumns];
        var scratch = new byte[CsvLineReader.MaxLineBytes];
        foreach (var path in source.Paths)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
            using var reader = new CsvLineReader(IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file);
            var name = Path.GetFileName(path);
            if (!reader.TryRead(out var header, out var headerTooLong) || headerTooLong)
            {
                throw new InvalidDataException($"{path} has no header line: is it a {source.Code} file?");
            }

            schema.BindHeader(header, path);
            while (reader.TryRead(out var line, out var tooLong))
            {
                if (line.IsEmpty && !tooLong) continue;
                rows++;
                if ((rows & 0xFFFF) == 0) progress((doneBytes + file.Position) / (double)totalBytes);
                if (Check(line, tooLong, fields, scratch, schema, out var text) is { } reason)
                {
                    bad.Add(reason, $"{name}:{reader.LineNumber}");
                    continue;
                }

                var row = default(SourceRow);
                if (schema.Parse(text, fields, ref row) is { } invalid)
                {
                    bad.Add(invalid, $"{name}:{reader.LineNumber}");
                    continue;
                }

                sorted.Add(row, XxHash3.HashToUInt64(line));
            }

            doneBytes += file.Length;
        }

        return rows;
    }

    private static BadRowReason? Check(ReadOnlySpan<byte> line, bool tooLong, Range[] fields, byte[] scratch, DatasetSchema schema, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (tooLong) return BadRowReason.RowTooLong;
        if (!Utf8.IsValid(line)) return BadRowReason.InvalidUtf8;
        var count = CsvLineReader.Split(line, fields, scratch, out text);
        if (count < 0) return BadRowReason.MalformedQuotes;
        return count == schema.HeaderColumns ? null : BadRowReason.WrongColumnCount;
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }
}
