using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DaprPredictor.ServiceDefaults;

/// <summary>Writes a health report as JSON so that <c>/health</c> says why a service is not ready.</summary>
public static class HealthReportWriter
{
    /// <remarks>Outside Development, paths are cut to file names and an exception is named by its type, not its message.</remarks>
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        var detail = PublicText.ShowsDetail(context);
        string Text(string value) => detail ? value : PublicText.Redact(value);
        context.Response.ContentType = "application/json; charset=utf-8";
        // People read this: '+' in offsets and trainer names stays '+', not \u002B.
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 2));
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            if (entry.Description is { } description) json.WriteString("description", Text(description));
            if (entry.Exception is { } exception) json.WriteString("error", detail ? exception.Message : exception.GetType().Name);
            foreach (var (key, value) in entry.Data) json.WriteString(key, value?.ToString() is { } text ? Text(text) : null);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
