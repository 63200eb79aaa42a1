using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using Microsoft.Net.Http.Headers;

namespace DaprPredictor.FeatureExtractor.Subscriptions;

/// <summary>
/// Finds the data in a delivery from daprd, without the SDK's <c>UseCloudEvents</c> middleware. That middleware parses
/// the envelope whole, with no size limit, before any endpoint runs, and throws on what it cannot read (an empty body,
/// <c>null</c>, an array, malformed JSON, 65 levels of nesting, bad <c>data_base64</c>, an unknown charset) or answers a
/// bare 400: under daprd every such answer is redelivered until resiliency gives up, and the message is dead-lettered
/// without our reason. Here each of those is a <see cref="RejectReason.InvalidCloudEvent"/> the route answers DROP to,
/// after its own dead letter.
/// The semantics are the middleware's (dotnet-sdk src/Dapr.AspNetCore/CloudEventsMiddleware.cs), for what it reads: a
/// structured CloudEvent (<c>application/cloudevents+json</c>) carries its data in <c>data</c> (a JSON value; a JSON
/// string of a non-JSON <c>datacontenttype</c> is text) or <c>data_base64</c>; any other content type is the data
/// itself (a raw payload).
/// </summary>
internal static class CloudEventReader
{
    private const string StructuredMode = "application/cloudevents+json";

    /// <param name="maxDataBytes">The largest data accepted; an envelope may be four times that (base64, escaping).</param>
    public static async Task<CloudEventData> ReadAsync(HttpRequest request, int maxDataBytes, CancellationToken cancellationToken)
    {
        var maxBodyBytes = EnvelopeLimit(maxDataBytes);
        byte[]? body;
        try
        {
            body = await ServiceDefaults.JsonRequest.ReadBodyAsync(request, maxBodyBytes, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body = null;
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel could not read the body (bad chunk framing, a length never reached, too slow): nothing to redeliver.
            return Invalid($"the body cannot be read: {ex.Message}", "<body not read>");
        }

        if (body is null) return TooLarge(request.ContentLength, maxBodyBytes);
        if (!IsStructured(request.ContentType, out var charset)) return Data(body, maxDataBytes);
        if (charset is not null) return Invalid($"a CloudEvent in JSON is UTF-8, not '{charset}'.", Text(body));
        if (JsonErrors.Utf8Problem(body) is { } notUtf8) return Invalid(notUtf8, Text(body));

        try
        {
            using var envelope = JsonDocument.Parse(body);
            return FromEnvelope(envelope.RootElement, body, maxDataBytes);
        }
        catch (JsonException ex)
        {
            return Invalid($"the CloudEvent is not JSON: {ex.Message.Split(" LineNumber:")[0]}", Text(body));
        }
    }

    /// <summary>The largest delivery read: data may grow by a third in base64 and more where daprd escapes &lt;, &gt; and &amp;.</summary>
    public static int EnvelopeLimit(int maxDataBytes) => 4 * maxDataBytes;

    /// <summary>The data of a structured CloudEvent already parsed; <paramref name="body"/> is its text, kept by a dead letter.</summary>
    public static CloudEventData FromEnvelope(JsonElement root, ReadOnlySpan<byte> body, int maxDataBytes)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid($"a CloudEvent is a JSON object, not {root.ValueKind.ToString().ToLowerInvariant()}.", Text(body));
        }

        // An attribute twice leaves which one counts to the reader; the data's own members are the page view's business.
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in root.EnumerateObject())
        {
            if (!names.Add(attribute.Name)) return Invalid($"the CloudEvent has the attribute '{attribute.Name}' twice.", Text(body));
        }

        var hasData = root.TryGetProperty("data", out var data);
        var hasBinary = root.TryGetProperty("data_base64", out var binary);
        if (hasData && hasBinary) return Invalid("the CloudEvent has both data and data_base64; it may have one.", Text(body));
        if (hasBinary)
        {
            return binary.ValueKind == JsonValueKind.String && binary.TryGetBytesFromBase64(out var decoded)
                ? Data(decoded, maxDataBytes)
                : Invalid("the CloudEvent's data_base64 is not a base64 string.", Text(body));
        }

        if (!hasData) return Invalid("the CloudEvent has no data.", Text(body));

        // A JSON string of a non-JSON content type is text, written into the string; every other value is JSON as it stands.
        if (data.ValueKind == JsonValueKind.String && !IsJsonContentType(root))
        {
            try
            {
                return Data(Encoding.UTF8.GetBytes(data.GetString()!), maxDataBytes);
            }
            catch (InvalidOperationException ex)
            {
                return new(default, new Rejection(RejectReason.MalformedJson, $"the text data cannot be read: {ex.Message}"), Text(body));
            }
        }

        return Data(JsonMarshal.GetRawUtf8Value(data).ToArray(), maxDataBytes);
    }

    public static CloudEventData Data(byte[] data, int maxDataBytes) =>
        data.Length <= maxDataBytes
            ? new(data)
            : new(default, new Rejection(RejectReason.PayloadTooLarge, string.Create(CultureInfo.InvariantCulture,
                $"the message's data has {data.Length} bytes; a page view has at most {maxDataBytes}.")), NotKept(data.Length));

    /// <summary>No datacontenttype, or one that does not parse, means JSON, as for the SDK.</summary>
    private static bool IsJsonContentType(JsonElement root) =>
        !root.TryGetProperty("datacontenttype", out var declared) || declared.ValueKind != JsonValueKind.String ||
        !MediaTypeHeaderValue.TryParse(declared.GetString(), out var type) ||
        type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);

    /// <param name="charset">A charset other than UTF-8, if the content type names one.</param>
    public static bool IsStructured(string? contentType, out string? charset)
    {
        charset = null;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var type) || !type.MediaType.Equals(StructuredMode, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (type.Charset.Length > 0 && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)) charset = type.Charset.ToString();
        return true;
    }

    public static CloudEventData Invalid(string detail, string received) => new(default, new Rejection(RejectReason.InvalidCloudEvent, detail), received);

    private static CloudEventData TooLarge(long? declared, int maxBodyBytes) =>
        new(default, new Rejection(RejectReason.PayloadTooLarge, string.Create(CultureInfo.InvariantCulture,
            $"the message is larger than {maxBodyBytes} bytes; a page view is not.")), NotKept(declared));

    public static string NotKept(long? bytes) => $"<{bytes?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} bytes, not kept>";

    /// <summary>The bytes as text for the dead letter; what is not UTF-8 becomes U+FFFD.</summary>
    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
