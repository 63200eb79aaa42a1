using System.Globalization;
using System.Text.RegularExpressions;

namespace DaprPredictor.Testing.Hostile;

/// <summary>Samples read from a Prometheus text exposition (what <c>/metrics</c> answers), summed as PromQL's <c>sum</c> would.</summary>
public sealed partial class PrometheusText
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    public PrometheusText(string exposition)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var match = Sample().Match(line);
            if (!match.Success) continue;
            var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
            _samples.Add((match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>The sum of every series of <paramref name="name"/> whose labels include <paramref name="labels"/>; 0 when there is none.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    /// <summary>Each value of <paramref name="label"/> on the series of <paramref name="name"/>, with the sum of its series.</summary>
    public IReadOnlyDictionary<string, double> By(string name, string label) =>
        _samples.Where(s => s.Name == name && s.Labels.ContainsKey(label))
            .GroupBy(s => s.Labels[label], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)""")]
    private static partial Regex Sample();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)"\s*,?""")]
    private static partial Regex Label();
}
