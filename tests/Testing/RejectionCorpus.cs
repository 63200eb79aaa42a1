using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.Testing;

/// <summary>
/// One bad page view for every reason a message can be dead-lettered with, as the <c>data</c> of a delivery (a JSON
/// value), and the events its user sent before it. Each case has its own user. Times are relative to
/// <see cref="FeatureExtractorFactory.Now"/>, the receiver's clock in the tests.
/// </summary>
public static class RejectionCorpus
{
    public static IReadOnlyList<BadMessage> Messages { get; } = Build();

    private static PageViewEvent Valid(string user, string eventId = "e-1") =>
        new(eventId, user, "s-1", "/product/p-1", Rfc3339.Format(FeatureExtractorFactory.Now), "p-1", "shoes", 19.99);

    private static BadMessage Event(string name, RejectReason expected, Func<PageViewEvent, PageViewEvent> spoil)
    {
        var user = "u-" + name.Replace(' ', '-');
        return new(name, expected, PageViewJson.Serialize(spoil(Valid(user))), []);
    }

    private static IReadOnlyList<BadMessage> Build()
    {
        var now = FeatureExtractorFactory.Now;
        var late = Valid("u-late", "e-late-2") with { SessionId = "s-2" };
        return
        [
            new("a number where the user id belongs", RejectReason.MalformedJson, """{"eventId":"e-1","userId":42}""", []),
            new("an event larger than a page view can be", RejectReason.PayloadTooLarge, JsonSerializer.Serialize(new string('x', 70_000), ContractsJsonContext.Default.String), []),
            new("a CloudEvent without data", RejectReason.InvalidCloudEvent, "null", [], Envelope: """{"specversion":"1.0","id":"1","source":"s","type":"com.dapr.event.sent"}"""),
            Event("no event id", RejectReason.MissingEventId, e => e with { EventId = null }),
            Event("an event id of 129 characters", RejectReason.EventIdTooLong, e => e with { EventId = new string('e', 129) }),
            new("no user id", RejectReason.MissingUserId, PageViewJson.Serialize(Valid("unused") with { UserId = null }), []),
            new("a user id of 129 characters", RejectReason.UserIdTooLong, PageViewJson.Serialize(Valid(new string('u', 129))), []),
            Event("no session id", RejectReason.MissingSessionId, e => e with { SessionId = " " }),
            Event("a session id of 129 characters", RejectReason.SessionIdTooLong, e => e with { SessionId = new string('s', 129) }),
            new("a user id with a tab", RejectReason.InvalidIdCharacters, PageViewJson.Serialize(Valid("u\t1")), []),
            Event("no page", RejectReason.MissingPage, e => e with { Page = null }),
            Event("a page of 2049 characters", RejectReason.PageTooLong, e => e with { Page = "/" + new string('p', 2048) }),
            Event("no timestamp", RejectReason.MissingTimestamp, e => e with { Timestamp = null }),
            Event("a timestamp without a zone", RejectReason.InvalidTimestamp, e => e with { Timestamp = "2026-03-01T12:00:00" }),
            Event("a timestamp an hour ahead", RejectReason.TimestampInFuture, e => e with { Timestamp = Rfc3339.Format(now.AddHours(1)) }),
            Event("a timestamp eight days old", RejectReason.TimestampTooOld, e => e with { Timestamp = Rfc3339.Format(now.AddDays(-8)) }),
            Event("a NaN price", RejectReason.NonFinitePrice, e => e with { Price = double.NaN }),
            Event("a negative price", RejectReason.NegativePrice, e => e with { Price = -1 }),
            Event("a price above float's range", RejectReason.PriceOutOfRange, e => e with { Price = 1e39 }),
            Event("a product id of 129 characters", RejectReason.ProductIdTooLong, e => e with { ProductId = new string('p', 129) }),
            Event("a category of 129 characters", RejectReason.CategoryTooLong, e => e with { Category = new string('c', 129) }),
            new("an event of a session that is closed", RejectReason.LateEvent,
                PageViewJson.Serialize(Valid("u-late", "e-late-1") with { Timestamp = Rfc3339.Format(now.AddMinutes(-1)) }), [late]),
        ];
    }
}
