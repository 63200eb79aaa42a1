using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Outcomes;

namespace DaprPredictor.Synthetic.Tests;

public class GeneratorTests
{
    private static string Fingerprint(SyntheticDataset data) =>
        string.Join('\n', data.Clickstream().Select(PageViewJson.Serialize)) + "\n" +
        string.Join('\n', data.Purchases.Select(p => JsonSerializer.Serialize(p, ContractsJsonContext.Default.PurchaseRecord))) + "\n" +
        string.Join(',', data.Sessions.SelectMany(s => s.OracleProbabilities).Select(p => p.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void SameSeedGivesTheSameDataAndAnotherSeedDifferentData()
    {
        var options = new SyntheticOptions { Users = 2_000, Seed = 5 };

        var first = Fingerprint(SyntheticGenerator.Generate(options));
        var second = Fingerprint(SyntheticGenerator.Generate(options));
        var other = Fingerprint(SyntheticGenerator.Generate(options with { Seed = 6 }));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void EventAndSessionIdsAreUniqueAtTheDefaultScale()
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Users = 100_000, Seed = 7 });

        Assert.Equal(data.Sessions.Sum(s => s.Events.Length), data.Sessions.SelectMany(s => s.Events).Select(e => e.EventId).Distinct().Count());
        Assert.Equal(data.Sessions.Length, data.Sessions.Select(s => s.SessionId).Distinct().Count());
    }

    [Fact]
    public void EverySessionLiesInTheClickstreamPeriodAndEveryHistoryPurchaseBeforeIt()
    {
        var options = new SyntheticOptions { Users = 1_000, Seed = 3 };
        var data = SyntheticGenerator.Generate(options);
        var end = options.ClickstreamStart.AddDays(options.ClickstreamDays);

        Assert.All(data.Sessions, s => Assert.InRange(s.Start, options.ClickstreamStart, end));
        Assert.All(data.Sessions, s => Assert.InRange(s.OracleProbabilities.Min(), 0, 1));
        var sessionPurchases = data.Purchases.Count(p => p.PurchasedAt >= options.ClickstreamStart);
        Assert.Equal(data.Sessions.Count(s => s.Purchased), sessionPurchases);
        Assert.Equal(data.Purchases.Select(p => p.PurchaseId).Order(), Enumerable.Range(1, data.Purchases.Length).Select(i => (long)i));
    }

    /// <summary>
    /// If the oracle is the exact posterior, then among events where it says p, a fraction p of sessions end in a purchase.
    /// The k-th event of each session (when there is one) is independent across users, so plain binomial errors apply.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    public void OracleIsCalibratedAtEachStepOfASession(int step)
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Users = 60_000, Seed = 17 });
        var points = data.Sessions.Where(s => s.Events.Length >= step)
            .Select(s => (P: s.OracleProbabilities[step - 1], Y: s.Purchased ? 1.0 : 0.0))
            .OrderBy(x => x.P).ToArray();

        const int bins = 8;
        for (var b = 0; b < bins; b++)
        {
            var bin = points[(b * points.Length / bins)..((b + 1) * points.Length / bins)];
            var predicted = bin.Average(x => x.P);
            var observed = bin.Average(x => x.Y);
            var standardError = Math.Sqrt(predicted * (1 - predicted) / bin.Length);
            Assert.True(Math.Abs(observed - predicted) <= 4 * standardError + 0.003,
                $"step {step}, bin {b} ({bin.Length} sessions): oracle says {predicted:0.0000}, {observed:0.0000} purchased");
        }
    }

    [Fact]
    public void OracleSeparatesBuyersFromBrowsersFarBetterThanChance()
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Users = 5_000, Seed = 2 });
        var first = data.Sessions.Select(s => s.OracleProbabilities[0]).ToArray();
        var labels = data.Sessions.Select(s => s.Purchased).ToArray();

        Assert.InRange(ProbabilityScores.Of(first, labels).Auc!.Value, 0.65, 1);
    }
}
