using System.Buffers;
using System.Globalization;
using System.Text;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace DaprPredictor.FakeDaprd.PubSub;

/// <summary>
/// JSON as daprd's Go code writes it: <c>encoding/json</c> marshalling a value it unmarshalled into <c>map[string]any</c>.
/// Objects come out with their keys sorted byte-wise (duplicate keys collapsed, the last one kept), strings escaped
/// as Go escapes them (<c>&lt; &gt; &amp;</c>, U+2028 and U+2029 as <c>\u</c> escapes, other non-ASCII as UTF-8),
/// and numbers either verbatim (a decoder with <c>UseNumber</c>, as components-contrib pubsub/envelope.go
/// unmarshalPrecise reads CloudEvent data) or as the float64 Go parsed them into (a plain <c>json.Unmarshal</c>, as
/// dapr/dapr pkg/runtime/subscription/bulksubscription.go reads each bulk entry's CloudEvent).
/// </summary>
internal static class GoJson
{
    public enum Numbers
    {
        /// <summary>json.Number: the number's text as received.</summary>
        Verbatim,

        /// <summary>float64: parsed, then formatted as encoding/json formats a float64.</summary>
        Float64,
    }

    /// <summary>Parses the first JSON value of <paramref name="utf8"/> as a Go decoder does (trailing bytes are not read).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out JsonElement value)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 10_000 });
        try
        {
            return JsonElement.TryParseValue(ref reader, out var parsed) & (value = parsed ?? default).ValueKind != JsonValueKind.Undefined;
        }
        catch (JsonException)
        {
            value = default;
            return false;
        }
    }

    public static void Write(IBufferWriter<byte> output, JsonElement value, Numbers numbers)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                Append(output, "{"u8);
                var members = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var member in value.EnumerateObject()) members[DecodeString(member)] = member.Value; // last duplicate wins
                var first = true;
                foreach (var (name, member) in members)
                {
                    if (!first) Append(output, ","u8);
                    first = false;
                    WriteString(output, name);
                    Append(output, ":"u8);
                    Write(output, member, numbers);
                }

                Append(output, "}"u8);
                break;
            case JsonValueKind.Array:
                Append(output, "["u8);
                var comma = false;
                foreach (var item in value.EnumerateArray())
                {
                    if (comma) Append(output, ","u8);
                    comma = true;
                    Write(output, item, numbers);
                }

                Append(output, "]"u8);
                break;
            case JsonValueKind.String:
                WriteString(output, DecodeString(value));
                break;
            case JsonValueKind.Number when numbers == Numbers.Float64:
                Append(output, Encoding.ASCII.GetBytes(FormatFloat64(value.GetDouble())));
                break;
            case JsonValueKind.Number:
                Append(output, Encoding.ASCII.GetBytes(value.GetRawText()));
                break;
            case JsonValueKind.True:
                Append(output, "true"u8);
                break;
            case JsonValueKind.False:
                Append(output, "false"u8);
                break;
            default:
                Append(output, "null"u8);
                break;
        }
    }

    /// <summary>encoding/json's string encoder with HTML escaping on (json.Marshal's default).</summary>
    public static void WriteString(IBufferWriter<byte> output, string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break; // Go 1.22+, which every Dapr 1.14+ is built with
                case '\f': builder.Append("\\f"); break;
                case '<' or '>' or '&' or 0x2028 or 0x2029 or < 0x20:
                    builder.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: builder.Append(rune.ToString()); break;
            }
        }

        Append(output, Encoding.UTF8.GetBytes(builder.Append('"').ToString()));
    }

    /// <summary>
    /// encoding/json floatEncoder: the shortest digits that round-trip, in plain decimal notation unless the value is
    /// below 1e-6 or at least 1e21, then in e-notation (strconv 'e' format, "e-07" cleaned to "e-7").
    /// </summary>
    public static string FormatFloat64(double value)
    {
        if (value == 0) return double.IsNegative(value) ? "-0" : "0";
        // "R" gives the shortest round-trip digits, in plain or E notation: read the digits and the decimal exponent.
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = roundTrip.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? roundTrip : roundTrip[..e];
        var shift = e < 0 ? 0 : int.Parse(roundTrip[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = point < 0 ? mantissa.Length : point;
        var all = mantissa.Replace(".", "", StringComparison.Ordinal);
        var significant = all.TrimStart('0');
        var exponent = integerDigits - (all.Length - significant.Length) - 1 + shift; // of the first significant digit
        var digits = significant.TrimEnd('0');

        var sign = value < 0 ? "-" : "";
        if (exponent < -6 || exponent >= 21)
        {
            var scientific = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return sign + scientific + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
        }

        if (exponent < 0) return sign + "0." + new string('0', -exponent - 1) + digits;
        if (digits.Length <= exponent + 1) return sign + digits + new string('0', exponent + 1 - digits.Length);
        return sign + digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }

    /// <summary>A JSON string as Go decodes it: an escaped lone surrogate becomes U+FFFD instead of failing.</summary>
    private static string DecodeString(JsonElement value) => Decode(JsonMarshal.GetRawUtf8Value(value));

    private static string DecodeString(JsonProperty member) => Decode(JsonMarshal.GetRawUtf8PropertyName(member), quoted: false);

    private static string Decode(ReadOnlySpan<byte> raw, bool quoted = true)
    {
        var escaped = Encoding.UTF8.GetString(quoted ? raw[1..^1] : raw);
        if (!escaped.Contains('\\', StringComparison.Ordinal)) return escaped;
        var text = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c != '\\')
            {
                text.Append(c);
                continue;
            }

            var escape = escaped[++i];
            switch (escape)
            {
                case 'u':
                    var unit = Hex(escaped, i + 1);
                    i += 4;
                    if (char.IsHighSurrogate(unit) && i + 6 < escaped.Length && escaped[i + 1] == '\\' && escaped[i + 2] == 'u' && char.IsLowSurrogate(Hex(escaped, i + 3)))
                    {
                        text.Append(unit).Append(Hex(escaped, i + 3));
                        i += 6;
                    }
                    else
                    {
                        text.Append(char.IsSurrogate(unit) ? '\uFFFD' : unit);
                    }

                    break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                default: text.Append(escape); break; // \" \\ \/
            }
        }

        return text.ToString();
    }

    private static char Hex(string text, int at) => (char)int.Parse(text.AsSpan(at, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static void Append(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);
}
