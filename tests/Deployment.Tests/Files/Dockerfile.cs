using System.Text.RegularExpressions;

namespace DaprPredictor.Deployment.Tests.Files;

/// <summary>A Dockerfile as a list of instructions (continuations joined, comments dropped), numbered by stage.</summary>
public sealed partial record Dockerfile(string Path, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> Of(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public int FinalStage => Instructions.Count == 0 ? 0 : Instructions.Max(i => i.Stage);

    public IEnumerable<DockerInstruction> InFinalStage(string keyword) => Of(keyword).Where(i => i.Stage == FinalStage);

    /// <summary>Values set by ENV in the final stage (KEY=VALUE form).</summary>
    public IReadOnlyDictionary<string, string> FinalEnv =>
        InFinalStage("ENV").SelectMany(i => EnvPair().Matches(i.Arguments)).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);

    public static Dockerfile Read(RepositorySnapshot repo, string path)
    {
        var instructions = new List<DockerInstruction>();
        var stage = 0;
        var pending = string.Empty;
        foreach (var raw in repo.Text(path).Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (pending.Length == 0 && line.TrimStart().StartsWith('#')) continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var full = (pending + line).Trim();
            pending = string.Empty;
            if (full.Length == 0) continue;
            var space = full.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? full : full[..space]).ToUpperInvariant();
            if (keyword == "FROM") stage++;
            instructions.Add(new DockerInstruction(keyword, space < 0 ? string.Empty : full[(space + 1)..].Trim(), stage));
        }

        return new Dockerfile(path, instructions);
    }

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(\S+)")]
    private static partial Regex EnvPair();
}
