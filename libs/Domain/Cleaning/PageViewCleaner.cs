using System.Buffers;
using System.Globalization;
using System.Text;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Cleaning;

/// <summary>
/// Validates and normalizes a wire event. Unknown JSON fields are tolerated upstream (the serializer ignores them);
/// here every rule that can fail has its own <see cref="RejectReason"/>. Checks run in a fixed order so that an
/// event with several faults always reports the same one.
/// </summary>
public static class PageViewCleaner
{
    /// <param name="now">The receiver's clock; null for historical data (training), where the clock checks do not apply.</param>
    public static CleaningResult Clean(PageViewEvent raw, DateTimeOffset? now, CleaningOptions options) => Clean(PageViewFields.Of(raw), now, options);

    /// <inheritdoc cref="Clean(PageViewEvent, DateTimeOffset?, CleaningOptions)"/>
    public static CleaningResult Clean(scoped in PageViewFields raw, DateTimeOffset? now, CleaningOptions options)
    {
        if (CheckId(raw.EventId, "eventId", RejectReason.MissingEventId, RejectReason.EventIdTooLong, options) is { } eventIdError) return Reject(eventIdError);
        if (CheckUserId(raw.UserId, options) is { } userIdError) return Reject(userIdError);
        if (CheckId(raw.SessionId, "sessionId", RejectReason.MissingSessionId, RejectReason.SessionIdTooLong, options) is { } sessionIdError) return Reject(sessionIdError);

        if (raw.Page is null) return CleaningResult.Reject(RejectReason.MissingPage, "page is required (a path, URL or page name).");
        if (raw.Page.Length > options.MaxPageLength)
        {
            return CleaningResult.Reject(RejectReason.PageTooLong, $"page has {raw.Page.Length} characters; the limit is {options.MaxPageLength}.");
        }

        if (!raw.HasTimestamp || raw.Timestamp.IsWhiteSpace()) return CleaningResult.Reject(RejectReason.MissingTimestamp, "timestamp is required (RFC 3339).");
        if (!Rfc3339.TryParse(raw.Timestamp, out var timestamp))
        {
            return CleaningResult.Reject(RejectReason.InvalidTimestamp, $"timestamp '{Truncate(raw.Timestamp)}' is not RFC 3339 with an offset, e.g. 2026-03-01T12:00:00Z.");
        }

        if (now is { } clock && timestamp - clock > options.MaxFutureSkew)
        {
            return CleaningResult.Reject(RejectReason.TimestampInFuture, $"timestamp is {(timestamp - clock).TotalSeconds:0}s ahead of the receiver's clock; at most {options.MaxFutureSkew.TotalSeconds:0}s of skew is allowed.");
        }

        if (now is { } receivedAt && receivedAt - timestamp > options.MaxEventAge)
        {
            return CleaningResult.Reject(RejectReason.TimestampTooOld, $"timestamp is {(receivedAt - timestamp).TotalHours:0.#}h old; events older than {options.MaxEventAge.TotalHours:0.#}h are not scored.");
        }

        if (raw.Price is { } price)
        {
            if (!double.IsFinite(price)) return CleaningResult.Reject(RejectReason.NonFinitePrice, $"price must be a finite number, got {price}.");
            if (price < 0) return CleaningResult.Reject(RejectReason.NegativePrice, $"price must not be negative, got {price}.");
            if (price > options.MaxPrice) return CleaningResult.Reject(RejectReason.PriceOutOfRange, $"price must be at most {options.MaxPrice:G}, got {price:G}.");
        }

        if (raw.ProductId is { Length: var productLength } && productLength > options.MaxIdLength)
        {
            return CleaningResult.Reject(RejectReason.ProductIdTooLong, $"productId has {productLength} characters; the limit is {options.MaxIdLength}.");
        }

        if (raw.Category is { Length: var categoryLength } && categoryLength > options.MaxIdLength)
        {
            return CleaningResult.Reject(RejectReason.CategoryTooLong, $"category has {categoryLength} characters; the limit is {options.MaxIdLength}.");
        }

        return new CleaningResult(
            new CleanPageView(
                raw.EventId!,
                raw.UserId!,
                raw.SessionId!,
                PageNormalizer.Normalize(raw.Page),
                timestamp,
                NullIfBlank(raw.ProductId),
                NullIfBlank(raw.Category),
                raw.Price),
            null);
    }

    /// <summary>
    /// The rules for a user id wherever one arrives (events, the offline-features API, the latest-prediction route):
    /// required, bounded, no whitespace, control, invisible formatting or noncharacter code points, no unpaired surrogate.
    /// </summary>
    public static Rejection? CheckUserId(string? userId, CleaningOptions options) =>
        CheckId(userId, "userId", RejectReason.MissingUserId, RejectReason.UserIdTooLong, options);

    private static CleaningResult Reject(Rejection rejection) => new(null, rejection);

    private static Rejection? CheckId(string? value, string name, RejectReason missing, RejectReason tooLong, CleaningOptions options)
    {
        if (string.IsNullOrWhiteSpace(value)) return new Rejection(missing, $"{name} is required.");
        if (value.Length > options.MaxIdLength) return new Rejection(tooLong, $"{name} has {value.Length} characters; the limit is {options.MaxIdLength}.");

        // Ids become state-store keys, log fields and what people read on dashboards: nothing that hides or reorders text
        // (zero-width, bidi controls, BOM: look-alike users, spoofed log lines) and nothing that is not text at all.
        // Printable ASCII (U+0021–U+007E) is none of those, and is what ids almost always are: one vectorized check.
        if (!value.AsSpan().ContainsAnyExceptInRange('!', '~')) return null;
        for (var i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) != OperationStatus.Done)
            {
                return InvalidCharacter(name, $"an unpaired surrogate (U+{(int)value[i]:X4})", i);
            }

            var kind = Rune.IsControl(rune) ? "a control character"
                : Rune.IsWhiteSpace(rune) ? "whitespace"
                : Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format ? "an invisible formatting character"
                : IsNoncharacter(rune) ? "a noncharacter"
                : null;
            if (kind is not null) return InvalidCharacter(name, $"{kind} (U+{rune.Value:X4})", i);
            i += used;
        }

        return null;
    }

    private static Rejection InvalidCharacter(string name, string what, int index) =>
        new(RejectReason.InvalidIdCharacters, string.Create(CultureInfo.InvariantCulture,
            $"{name} must not contain whitespace, control, invisible formatting or noncharacter code points; found {what} at position {index}."));

    /// <summary>U+FDD0–U+FDEF and the last two code points of every plane: permanently reserved, never text.</summary>
    private static bool IsNoncharacter(Rune rune) => rune.Value is >= 0xFDD0 and <= 0xFDEF || (rune.Value & 0xFFFE) == 0xFFFE;

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string Truncate(ReadOnlySpan<char> value) => value.Length <= 64 ? value.ToString() : string.Concat(value[..64], "…");
}
