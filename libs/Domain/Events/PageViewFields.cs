namespace DaprPredictor.Domain.Events;

/// <summary>
/// A wire page view's members as read, before any <see cref="PageViewEvent"/> is made: what the cleaner judges. Its
/// timestamp is text that may live in the reader's buffer, so an event that passes cleaning costs no timestamp string
/// and no wire object; one that fails is made into a <see cref="PageViewEvent"/> (<see cref="ToEvent"/>) for its dead letter.
/// </summary>
public readonly ref struct PageViewFields
{
    public string? EventId { get; init; }

    public string? UserId { get; init; }

    public string? SessionId { get; init; }

    public string? Page { get; init; }

    /// <summary>The timestamp's text; empty both when absent and when empty (see <see cref="HasTimestamp"/>).</summary>
    public ReadOnlySpan<char> Timestamp { get; init; }

    /// <summary>False when the member was absent or JSON null.</summary>
    public bool HasTimestamp { get; init; }

    public string? ProductId { get; init; }

    public string? Category { get; init; }

    public double? Price { get; init; }

    public static PageViewFields Of(PageViewEvent e) => new()
    {
        EventId = e.EventId,
        UserId = e.UserId,
        SessionId = e.SessionId,
        Page = e.Page,
        Timestamp = e.Timestamp,
        HasTimestamp = e.Timestamp is not null,
        ProductId = e.ProductId,
        Category = e.Category,
        Price = e.Price,
    };

    public PageViewEvent ToEvent() =>
        new(EventId, UserId, SessionId, Page, HasTimestamp ? Timestamp.ToString() : null, ProductId, Category, Price);
}
