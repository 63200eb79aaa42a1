using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Tests;

/// <summary>Builders for wire events: a valid one, and variations of it.</summary>
internal static class Events
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static PageViewEvent Valid(string eventId = "e-1", string userId = "u-1", string sessionId = "s-1", string page = "/product/p-1", DateTimeOffset? at = null, double? price = 19.99) =>
        new(eventId, userId, sessionId, page, Rfc3339.Format(at ?? Now), price is null ? null : "p-1", price is null ? null : "shoes", price);

    public static CleanPageView Clean(string eventId, DateTimeOffset at, PageType page = PageType.Product, string sessionId = "s-1", double? price = null, string userId = "u-1") =>
        new(eventId, userId, sessionId, page, at, null, null, price);
}
