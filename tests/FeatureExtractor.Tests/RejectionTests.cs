using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Features;
using DaprPredictor.Testing;

namespace DaprPredictor.FeatureExtractor.Tests;

/// <summary>Every kind of bad page view, delivered as daprd delivers it, ends DROP after our dead letter with its reason.</summary>
public class RejectionTests
{
    public static TheoryData<BadMessage> Cases => [.. RejectionCorpus.Messages];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachBadPageViewIsDroppedAfterADeadLetterNamingItsReason(BadMessage bad)
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(PurchaseFeatures.ColdStartDefaults);
        app.ScorerAnswers(0.5);

        await app.DeliverAsync(bad);

        Assert.Equal(bad.Expected.Code(), Assert.Single(app.DeadLetters).Reason);
        Assert.Equal(1, app.Counts.DeadLettered.GetValueOrDefault(bad.Expected.Code()));
    }
}
