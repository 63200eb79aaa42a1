using System.Globalization;

namespace DaprPredictor.Benchmarks.Infrastructure;

/// <summary>Reading a /metrics page (Prometheus' text format) as the harnesses need it: the values of one metric's series.</summary>
internal static class PrometheusSamples
{
    /// <summary>The sample lines, comments and blank lines left out.</summary>
    public static string[] Lines(string text) => text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToArray();

    /// <summary>The value of every series of <paramref name="name"/>, or only of those whose labels contain <paramref name="label"/> (e.g. <c>degraded="true"</c>).</summary>
    public static IEnumerable<double> Values(IEnumerable<string> lines, string name, string? label = null) =>
        lines.Where(l => l.StartsWith(name, StringComparison.Ordinal) && (l.Length == name.Length || l[name.Length] is '{' or ' ')
                && (label is null || l.Contains(label, StringComparison.Ordinal)))
            .Select(l => double.Parse(l[(l.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : name.Length)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
}
