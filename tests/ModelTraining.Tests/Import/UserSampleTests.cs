using DaprPredictor.ModelTraining.Import;
using DaprPredictor.Synthetic.PublicFormats;

namespace DaprPredictor.ModelTraining.Tests.Import;

public sealed class UserSampleTests : IDisposable
{
    private readonly DatasetFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void AFileLargerThanTheLimitKeepsWholeUsersAndAtMostTheLimitOfPageViews()
    {
        var path = _files.Write("2019-Nov.csv", PublicFormatGenerator.Rees46(new PublicFormatOptions { Rows = 30_000, Seed = 5, Days = 5 }));

        var result = _files.Convert(DatasetFormat.Rees46, "sampled", new ImportOptions { MaxEvents = 10_000 }, path);

        var all = DatasetFiles.Lines(result).GroupBy(e => e.UserId!).ToDictionary(g => g.Key, g => g.Count());
        var kept = result.Events.GroupBy(e => e.UserId!).ToDictionary(g => g.Key, g => g.Count());
        Assert.InRange(result.Events.Count, 5_000, 10_000);
        Assert.All(kept, user => Assert.Equal(all[user.Key], user.Value));
        Assert.True(result.Report.Sample.UserShare < 1);
        Assert.Equal(kept.Count, result.Report.Sample.Users);
        Assert.Equal(result.Report.Events, all.Values.Sum()); // the converted stream keeps every user
    }

    [Fact]
    public void TheSampleIsTheSameOnEveryRunAndInAnyRowOrder()
    {
        var lines = PublicFormatGenerator.Rees46(new PublicFormatOptions { Rows = 20_000, Seed = 6, Days = 3 }).ToList();
        var ordered = _files.Write("ordered.csv", lines);
        var shuffled = _files.Write("shuffled.csv", lines.Skip(1).OrderBy(l => (uint)l.GetHashCode(StringComparison.Ordinal)).Prepend(lines[0]));
        var options = new ImportOptions { MaxEvents = 6_000 };

        var ids = new[] { ("a", ordered), ("b", ordered), ("c", shuffled) }
            .Select(run => _files.Convert(DatasetFormat.Rees46, run.Item1, options, run.Item2).Events.Select(e => e.EventId!).Order(StringComparer.Ordinal).ToArray())
            .ToArray();

        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(ids[0], ids[2]);
    }

    [Fact]
    public void AUserKeptAtOneLimitIsKeptAtAnyHigherOne()
    {
        var path = _files.Write("users.csv", PublicFormatGenerator.Rees46(new PublicFormatOptions { Rows = 20_000, Seed = 7, Days = 3 }));

        var small = _files.Convert(DatasetFormat.Rees46, "small", new ImportOptions { MaxEvents = 3_000 }, path).Events.Select(e => e.UserId).ToHashSet();
        var large = _files.Convert(DatasetFormat.Rees46, "large", new ImportOptions { MaxEvents = 9_000 }, path).Events.Select(e => e.UserId).ToHashSet();

        Assert.Subset(large, small);
        Assert.True(large.Count > small.Count);
    }
}
