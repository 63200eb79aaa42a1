using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Windows;

namespace DaprPredictor.Domain.Tests;

/// <summary>
/// Cleaning and feature assembly agree on the range of a price: whatever cleaning accepts, under any setting its
/// options allow, assembles into a vector the model can score. Before, a price of 1e39 (finite as a double, not as
/// the float the model reads) or two of 1e308 (whose sum overflows) was accepted and became +Infinity.
/// </summary>
public class PriceRangeTests
{
    [Theory]
    [InlineData(1e39)]
    [InlineData(1e308)]
    [InlineData(double.MaxValue)]
    public void APriceBeyondTheLimitIsRefusedWhateverTheLimitIsSetTo(double price)
    {
        var widest = new CleaningOptions { MaxPrice = float.MaxValue };

        Assert.Equal(RejectReason.PriceOutOfRange, PageViewCleaner.Clean(Events.Valid(price: price), Events.Now, widest).Rejection!.Reason);
    }

    [Theory]
    [InlineData(1e10)]
    [InlineData(float.MaxValue)]
    public void ASessionOfPricesAtTheLimitAssemblesIntoFiniteFeatures(double limit)
    {
        var options = new CleaningOptions { MaxPrice = limit };
        UserWindow? window = null;
        for (var i = 0; i < 40; i++)
        {
            var clean = PageViewCleaner.Clean(Events.Valid(eventId: $"e-{i}", at: Events.Now.AddSeconds(i), price: limit), Events.Now.AddSeconds(i), options).Event!.Value;
            window = WindowRules.Apply(window, clean, new WindowOptions()).Window;
        }

        var vector = FeatureVector.Assemble(RealtimeFeatures.From(window!), PurchaseFeatures.ColdStartDefaults);

        Assert.Null(FeatureVector.Problem(FeatureSchema.Version, vector));
    }

    [Fact]
    public void TheLimitCannotBeSetAboveWhatAFloatHolds()
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var options = new CleaningOptions { MaxPrice = 1e39 };

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
        Assert.Contains("Cleaning:MaxPrice", Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ü-用户-😀")]
    [InlineData("u|%7C||x")]
    [InlineData("1';DROP/**/TABLE/**/purchases;--")]
    public void IdsOfOrdinaryTextAreAcceptedHoweverOddTheyLook(string userId)
    {
        Assert.True(PageViewCleaner.Clean(Events.Valid(userId: userId), Events.Now, new CleaningOptions()).IsValid);
    }
}
