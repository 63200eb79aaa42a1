using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Tests;

/// <summary>Every spelling the normalizer knows, as a site would send it, lands on its page type (a lost alias turns a page into "other").</summary>
public class PageAliasTests
{
    [Theory]
    [InlineData(PageType.Home, "home index index.html start landing")]
    [InlineData(PageType.Search, "search s find results")]
    [InlineData(PageType.Category, "category categories c collection collections browse department shop")]
    [InlineData(PageType.Product, "product products p item items dp sku")]
    [InlineData(PageType.Cart, "cart basket bag trolley")]
    [InlineData(PageType.Checkout, "checkout payment pay shipping")]
    [InlineData(PageType.Account, "account login signin sign-in register signup profile my-account")]
    [InlineData(PageType.Help, "help faq support contact returns")]
    public void EveryAliasAsAPathAndAsAURLIsItsPageType(PageType expected, string aliases)
    {
        foreach (var alias in aliases.Split(' '))
        {
            Assert.Equal((alias, expected), (alias, PageNormalizer.Normalize($"/{alias}/x-1")));
            Assert.Equal((alias, expected), (alias, PageNormalizer.Normalize($"https://shop.example.com/{alias.ToUpperInvariant()}?ref=ad")));
        }
    }

    [Theory]
    [InlineData("https:///products/p-1", PageType.Product)] // no host: the path still counts
    [InlineData("?ref=ad", PageType.Home)]                 // only a query: the home page
    [InlineData("#top", PageType.Home)]
    [InlineData("/sign-in/next", PageType.Account)]        // the whole segment matches, not just its leading word
    [InlineData("/my-account", PageType.Account)]
    [InlineData("/-faq", PageType.Other)]                  // no leading word
    [InlineData("/faq2", PageType.Other)]                  // a leading word that is the whole segment and no alias
    public void EdgesOfTheRuleAreNormalizedAsStated(string raw, PageType expected) =>
        Assert.Equal(expected, PageNormalizer.Normalize(raw));
}
