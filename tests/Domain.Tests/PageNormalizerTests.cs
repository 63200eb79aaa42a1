using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Tests;

public class PageNormalizerTests
{
    [Theory]
    [InlineData("/", PageType.Home)]
    [InlineData("", PageType.Home)]
    [InlineData("https://shop.example.com", PageType.Home)]
    [InlineData("/index.html", PageType.Home)]
    [InlineData("/search?q=red+shoes", PageType.Search)]
    [InlineData("/s?k=lamp", PageType.Search)]
    [InlineData("/category/shoes", PageType.Category)]
    [InlineData("/c/garden#top", PageType.Category)]
    [InlineData("/product/p-00001", PageType.Product)]
    [InlineData("https://shop.example.com/products/p-1?ref=rec", PageType.Product)]
    [InlineData("  /P/sku-9  ", PageType.Product)]
    [InlineData("product_detail", PageType.Product)]
    [InlineData("/basket", PageType.Cart)]
    [InlineData("/checkout/payment", PageType.Checkout)]
    [InlineData("/login", PageType.Account)]
    [InlineData("/faq", PageType.Help)]
    [InlineData("/blog/2026/summer", PageType.Other)]
    [InlineData("/productivity-tips", PageType.Other)]
    public void PagesAreNormalizedOntoTheFixedVocabulary(string raw, PageType expected) =>
        Assert.Equal(expected, PageNormalizer.Normalize(raw));
}
