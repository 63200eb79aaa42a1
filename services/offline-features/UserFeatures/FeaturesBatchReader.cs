using System.Globalization;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;

namespace DaprPredictor.OfflineFeatures.UserFeatures;

/// <summary>
/// Reads the body of <c>POST /features/batch</c>, <c>{"pairs":[{"userId":"…","asOf":"…"},…]}</c> (what
/// <see cref="OfflineFeaturesBatchRequest"/> serializes to), with a reader rather than the serializer, so that each pair is
/// checked as <c>GET /features</c> checks its query (the same rules, reasons and wording; a member given twice is
/// <see cref="FeatureRequest.RepeatedParameterReason"/>), the first bad one is named by its index, and the count limit
/// stops the reading at the first pair too many. Members other than these are ignored, as the contracts ignore them.
/// </summary>
internal static class FeaturesBatchReader
{
    public const string PairsMember = "pairs";

    /// <summary>The member a problem of the whole body is filed under (not UTF-8, not JSON, not an object).</summary>
    public const string BodyMember = "body";

    /// <summary>The pairs, or the problem: the JSON member at fault (<c>pairs[3].asOf</c>), what is wrong, and the reason code.</summary>
    public static List<OfflineFeaturesPair>? Read(byte[] body, int maxPairs, CleaningOptions cleaning, DateTimeOffset now, out Problem? problem)
    {
        problem = null;
        if (JsonErrors.Utf8Problem(body) is { } notUtf8) return Fail(BodyMember, notUtf8, RejectReason.MalformedJson.Code(), out problem);
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
        List<OfflineFeaturesPair>? pairs = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(BodyMember, $"the body is {JsonErrors.Token(reader.TokenType)}, not an object with '{PairsMember}', the list of {{\"userId\", \"asOf\"}} pairs.", RejectReason.MalformedJson.Code(), out problem);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isPairs = reader.ValueTextEquals(PairsMember);
                reader.Read();
                if (!isPairs)
                {
                    reader.Skip();
                    continue;
                }

                if (pairs is not null) return Fail(PairsMember, FeatureRequest.Repeated(PairsMember, 2), FeatureRequest.RepeatedParameterReason, out problem);
                if (reader.TokenType != JsonTokenType.StartArray) return Fail(PairsMember, $"'{PairsMember}' is {JsonErrors.Token(reader.TokenType)}, not an array.", RejectReason.MalformedJson.Code(), out problem);
                pairs = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (pairs.Count == maxPairs)
                    {
                        return Fail(PairsMember, string.Create(CultureInfo.InvariantCulture, $"'{PairsMember}' has more than {maxPairs} pairs, the most one request may ask for; split it."), RejectReason.PayloadTooLarge.Code(), out problem);
                    }

                    if (ReadPair(ref reader, pairs.Count, cleaning, now, out problem) is not { } pair) return null;
                    pairs.Add(pair);
                }
            }

            if (reader.Read()) return Fail(BodyMember, "the body goes on after its object.", RejectReason.MalformedJson.Code(), out problem);
        }
        catch (JsonException ex)
        {
            return Fail(BodyMember, $"the body is not valid JSON: {ex.Message.Split(" LineNumber:")[0]}", RejectReason.MalformedJson.Code(), out problem);
        }

        if (pairs is null) return Fail(PairsMember, $"the body has no '{PairsMember}'; send {{\"{PairsMember}\":[{{\"userId\":\"…\",\"asOf\":\"…\"}}]}}.", RejectReason.MalformedJson.Code(), out problem);
        if (pairs.Count == 0) return Fail(PairsMember, $"'{PairsMember}' is empty; send at least one pair.", RejectReason.MalformedJson.Code(), out problem);
        return pairs;
    }

    private static OfflineFeaturesPair? ReadPair(ref Utf8JsonReader reader, int index, CleaningOptions cleaning, DateTimeOffset now, out Problem? problem)
    {
        var at = $"{PairsMember}[{index}]";
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Fail<OfflineFeaturesPair>(at, $"{at} is {JsonErrors.Token(reader.TokenType)}, not an object with 'userId' and 'asOf'.", RejectReason.MalformedJson.Code(), out problem);
        }

        string? userId = null, asOf = null;
        var (userIds, asOfs) = (0, 0);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = reader.ValueTextEquals("userId") ? "userId" : reader.ValueTextEquals("asOf") ? "asOf" : null;
            reader.Read();
            if (member is null)
            {
                reader.Skip();
                continue;
            }

            var name = $"{at}.{member}";
            if ((member == "userId" ? ++userIds : ++asOfs) > 1) return Fail<OfflineFeaturesPair>(name, FeatureRequest.Repeated(name, 2), FeatureRequest.RepeatedParameterReason, out problem);
            if (reader.TokenType == JsonTokenType.Null) continue; // as if absent
            if (reader.TokenType != JsonTokenType.String)
            {
                var reason = member == "userId" ? RejectReason.MalformedJson : RejectReason.InvalidTimestamp;
                return Fail<OfflineFeaturesPair>(name, $"{name} is {JsonErrors.Token(reader.TokenType)}, not a string.", reason.Code(), out problem);
            }

            string text;
            try
            {
                text = reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                // An escaped lone surrogate (\ud800) is valid JSON but no text.
                var reason = member == "userId" ? RejectReason.InvalidIdCharacters : RejectReason.InvalidTimestamp;
                return Fail<OfflineFeaturesPair>(name, $"{name} holds an escaped unpaired surrogate, which is not text.", reason.Code(), out problem);
            }

            if (member == "userId") userId = text;
            else asOf = text;
        }

        if (PageViewCleaner.CheckUserId(userId, cleaning) is { } invalidUser) return Fail<OfflineFeaturesPair>($"{at}.userId", $"{at}: {invalidUser.Detail}", invalidUser.Code, out problem);
        var time = now;
        if (asOf is not null && FeatureRequest.CheckAsOf(asOf, out time) is { } invalidAsOf) return Fail<OfflineFeaturesPair>($"{at}.asOf", $"{at}: {invalidAsOf.Detail}", invalidAsOf.Code, out problem);
        problem = null;
        return new OfflineFeaturesPair(userId!, time);
    }

    private static T? Fail<T>(string member, string detail, string reason, out Problem? problem) where T : class
    {
        problem = new Problem(member, detail, reason);
        return null;
    }

    private static List<OfflineFeaturesPair>? Fail(string member, string detail, string reason, out Problem? problem) => Fail<List<OfflineFeaturesPair>>(member, detail, reason, out problem);

    /// <summary>What is wrong with a batch request: the JSON member at fault, a sentence, and the reason code.</summary>
    internal sealed record Problem(string Member, string Detail, string Reason);
}
