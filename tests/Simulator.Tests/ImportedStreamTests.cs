using System.Collections.Concurrent;
using DaprPredictor.ModelTraining.Import;
using DaprPredictor.Simulator.Simulation;
using DaprPredictor.Simulator.Streams;
using DaprPredictor.Synthetic.PublicFormats;

namespace DaprPredictor.Simulator.Tests;

/// <summary>A converted public dataset (training's events.jsonl) is what the simulator publishes with --file.</summary>
public sealed class ImportedStreamTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "daprpredictor-simulator-import", Guid.NewGuid().ToString("N"));

    public ImportedStreamTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task AConvertedRetailRocketFileIsPublishedWholeKeyedByVisitorEachVisitorsEventsInTimeOrder()
    {
        // RetailRocket's events.csv is not in time order; the conversion puts it in order.
        var lines = PublicFormatGenerator.RetailRocket(new PublicFormatOptions { Rows = 3_000, Seed = 4, Days = 2 }).ToList();
        var csv = Path.Combine(_directory, "events.csv");
        await File.WriteAllLinesAsync(csv, lines.Skip(1).Reverse().Prepend(lines[0]));
        var converted = ImportConverter.Convert(new ImportSource(DatasetFormat.RetailRocket, [csv]), Path.Combine(_directory, "out"), new ImportOptions());

        var published = new ConcurrentQueue<ClickEvent>();
        var options = new SimulationOptions { File = converted.Files.Events };
        var source = ClickstreamSource.Open(options, DateTimeOffset.UtcNow);
        var runner = new SimulationRunner((click, _) =>
        {
            published.Enqueue(click);
            return Task.CompletedTask;
        }, TimeProvider.System, TextWriter.Null);
        var summary = await runner.RunAsync(source, options, CancellationToken.None);

        var pageViews = published.Where(c => !c.IsPurchase).ToList();
        Assert.Equal(converted.Report.Events, summary.PageViews);
        Assert.Equal(pageViews.Count, summary.PageViews);
        Assert.Equal(converted.Events.Select(e => e.UserId).Distinct().Count(), summary.Users);
        Assert.DoesNotContain(published, c => c.PartitionKey == ClickEvent.UnknownUser || c.Timestamp is null);
        var written = File.ReadAllLines(converted.Files.Events).ToHashSet();
        Assert.All(pageViews, c => Assert.Contains(System.Text.Encoding.UTF8.GetString(c.Payload), written));

        // The conversion's purchases.jsonl beside events.jsonl is picked up: its orders during the stream go out too.
        Assert.True(summary.Purchases > 0, "the converted orders are published for live grading");
        Assert.Equal(summary.Purchases, published.Count(c => c.IsPurchase));
        foreach (var visitor in published.GroupBy(c => c.PartitionKey))
        {
            var times = visitor.Select(c => c.Timestamp!.Value).ToArray();
            Assert.Equal(times.Order(), times);
        }
    }
}
