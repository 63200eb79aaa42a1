using DaprPredictor.Benchmarks.Infrastructure;

namespace DaprPredictor.Benchmarks.Scorer;

/// <summary>The Release scorer as its own process (the built dll), pinned to one core with taskset.</summary>
internal static class ScorerProcess
{
    public static Task<HostProcess> StartAsync(string modelPath, int port, int cpu, IReadOnlyDictionary<string, string> environment)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["Scorer__ModelPath"] = modelPath };
        foreach (var (name, value) in environment) variables[name] = value;
        return HostProcess.StartAsync("scorer", "DaprPredictor.Scorer", port, cpu, variables);
    }
}
