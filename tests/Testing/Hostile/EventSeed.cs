using System.Text;

namespace DaprPredictor.Testing.Hostile;

/// <summary>The ids and receiver-relative time a corpus case fills into its page view, so every case is its own event.</summary>
public sealed record EventSeed(string EventId, string UserId, DateTimeOffset Now)
{
    public string Timestamp => Domain.Events.Rfc3339.Format(Now);

    /// <summary>A valid page view; <paramref name="fields"/> replaces or adds members as raw JSON text (name → value).</summary>
    public string Json(params (string Name, string Value)[] fields)
    {
        var members = new List<(string Name, string Value)>
        {
            ("eventId", Quote(EventId)), ("userId", Quote(UserId)), ("sessionId", "\"s-1\""), ("page", "\"/product/p-1\""),
            ("timestamp", Quote(Timestamp)), ("productId", "\"p-1\""), ("category", "\"shoes\""), ("price", "19.99"),
        };
        foreach (var (name, value) in fields)
        {
            var at = members.FindIndex(m => m.Name == name);
            if (at >= 0) members[at] = (name, value);
            else members.Add((name, value));
        }

        return "{" + string.Join(',', members.Where(m => m.Value.Length > 0).Select(m => $"\"{m.Name}\":{m.Value}")) + "}";
    }

    public byte[] Bytes(params (string Name, string Value)[] fields) => Encoding.UTF8.GetBytes(Json(fields));

    /// <summary>A valid page view whose <paramref name="name"/> member holds <paramref name="raw"/> bytes spliced into its string.</summary>
    public byte[] WithRawBytes(string name, string before, byte[] raw, string after = "")
    {
        const string Marker = "\uE000MARK\uE000";
        var json = Json((name, Quote(before + Marker + after)));
        var at = json.IndexOf(Marker, StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(json[..at]), .. raw, .. Encoding.UTF8.GetBytes(json[(at + Marker.Length)..])];
    }

    /// <summary>A JSON string literal; characters JSON must escape are escaped, everything else is written as is.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c == '"' || c == '\\') text.Append('\\').Append(c);
            else if (c < ' ') text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else text.Append(c);
        }

        return text.Append('"').ToString();
    }
}
