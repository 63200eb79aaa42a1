using System.Text;
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
}
