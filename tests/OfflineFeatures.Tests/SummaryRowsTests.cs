using System.Text;
using DaprPredictor.Domain.Features;
using DaprPredictor.OfflineFeatures.OfflineStore;
using DaprPredictor.OfflineFeatures.Tests.MariaDb;

namespace DaprPredictor.OfflineFeatures.Tests;

public sealed class SummaryRowsTests
{
    [Theory]
    [MemberData(nameof(RecordedPayloads.ValidNames), MemberType = typeof(RecordedPayloads))]
    public void ARecordedBindingAnswerParsesToTheSummaryItDescribes(string name)
    {
        var (payload, expected) = RecordedPayloads.Valid[name];

        SummaryAssert.Equal(expected, SummaryRows.Parse(Encoding.UTF8.GetBytes(payload)), name);
    }

    [Theory]
    [MemberData(nameof(RecordedPayloads.InvalidNames), MemberType = typeof(RecordedPayloads))]
    public void AnAnswerTheQueryCannotGiveIsRefusedWithAnErrorThatNamesTheRowAndColumn(string name)
    {
        var (payload, mentions) = RecordedPayloads.Invalid[name];

        var error = Assert.Throws<OfflineStorePayloadException>(() => SummaryRows.Parse(Encoding.UTF8.GetBytes(payload)));

        Assert.All(mentions, m => Assert.Contains(m, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void AmountsKeepEveryCentOfValuesADoubleWouldRound()
    {
        var summary = SummaryRows.Parse("""[{"amount":"1234567890.07","purchase_count":2,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"9007199254740993.01"}]"""u8);

        Assert.Equal(9_007_199_254_740_993.01m, summary.TotalSpend);
        Assert.NotEqual((decimal)(double)summary.TotalSpend, summary.TotalSpend);
        Assert.Equal([1_234_567_890.07m], summary.RecentAmounts);
    }

    private const string Row = "\"amount\":\"1.00\",\"purchase_count\":2,\"purchased_at\":\"2026-01-02T15:04:05Z\",\"total_spend\":\"3.00\"";

    [Fact]
    public void ABatchAnswerGivesEachPairItsOwnRowsAndNoRowsMeansNoPurchases()
    {
        var payload = $$"""[{"pair":1,{{Row}}},{"pair":1,"amount":"2.00","purchase_count":2,"purchased_at":"2026-01-01T00:00:00Z","total_spend":"3.00"},{"pair":3,"amount":"9.99","purchase_count":1,"purchased_at":"2025-01-01T00:00:00Z","total_spend":"9.99"}]""";

        var summaries = SummaryRows.ParseBatch(Encoding.UTF8.GetBytes(payload), 4);

        Assert.Equal([0, 2, 0, 1], summaries.Select(s => s.Count));
        Assert.Equal([1.00m, 2.00m], summaries[1].RecentAmounts);
        Assert.Equal(9.99m, summaries[3].TotalSpend);
        Assert.Same(PurchaseSummary.Empty, summaries[0]);
        Assert.All(SummaryRows.ParseBatch("null"u8, 3), s => Assert.Same(PurchaseSummary.Empty, s));
    }

    public static TheoryData<string, string, string[]> InvalidBatches => new()
    {
        { "a row without its pair", $$"""[{{{Row}}}]""", ["row 1", "'pair'", "absent"] },
        { "a pair beyond those sent", $$"""[{"pair":2,{{Row}}}]""", ["row 1", "pair 2", "2 pairs"] },
        { "a negative pair", $$"""[{"pair":-1,{{Row}}}]""", ["row 1", "pair -1"] },
        { "pairs out of order", $$"""[{"pair":1,{{Row}}},{"pair":0,{{Row}}}]""", ["row 2", "pair 0 comes after pair 1"] },
        { "four rows for one pair", $$"""[{"pair":0,{{Row}}},{"pair":0,{{Row}}},{"pair":0,{{Row}}},{"pair":0,{{Row}}}]""", ["more than 3 rows for pair 0"] },
        { "a pair whose rows disagree on the count", $$"""[{"pair":0,{{Row}}},{"pair":1,{{Row}}},{"pair":1,"amount":"1.00","purchase_count":3,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"3.00"}]""", ["row 3", "purchase_count 3", "row 2 has 2"] },
        { "a pair as text", $$"""[{"pair":"one",{{Row}}}]""", ["row 1", "'pair'", "'one'"] },
    };

    [Theory]
    [MemberData(nameof(InvalidBatches))]
    public void ABatchAnswerTheQueryCannotGiveIsRefusedNamingTheRowAndPair(string name, string payload, string[] mentions)
    {
        var error = Assert.Throws<OfflineStorePayloadException>(() => SummaryRows.ParseBatch(Encoding.UTF8.GetBytes(payload), 2));

        Assert.All(mentions, m => Assert.True(error.Message.Contains(m, StringComparison.Ordinal), $"{name}: '{m}' not in {error.Message}"));
    }
}
