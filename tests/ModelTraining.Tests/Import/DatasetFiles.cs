using System.IO.Compression;
using System.Text;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.ModelTraining.Import;

namespace DaprPredictor.ModelTraining.Tests.Import;

/// <summary>A temporary directory for dataset files the test writes and the conversions it runs.</summary>
public sealed class DatasetFiles : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "daprpredictor-import-tests", Guid.NewGuid().ToString("N"));

    public DatasetFiles() => System.IO.Directory.CreateDirectory(Directory);

    public string Write(string name, string text, bool gzip = false) => Write(name, Encoding.UTF8.GetBytes(text), gzip);

    public string Write(string name, IEnumerable<string> lines, bool gzip = false) => Write(name, string.Join('\n', lines) + "\n", gzip);

    public string Write(string name, byte[] bytes, bool gzip = false)
    {
        var path = Path.Combine(Directory, name);
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return path;
        }

        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(bytes);
        return path;
    }

    public ImportResult Convert(DatasetFormat format, string output, ImportOptions? options = null, params string[] paths) =>
        ImportConverter.Convert(new ImportSource(format, paths), Path.Combine(Directory, output), options ?? new ImportOptions());

    public static IReadOnlyList<PageViewEvent> Lines(ImportResult result) => JsonLines.ReadEvents(result.Files.Events);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
