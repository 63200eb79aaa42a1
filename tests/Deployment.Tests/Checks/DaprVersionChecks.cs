using System.Text.RegularExpressions;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Checks;

/// <summary>
/// The Dapr versions README.md and docs/deployment.md promise, against what the deployment files need: a file may use
/// a Dapr feature only if every promised version has it.
/// </summary>
public static partial class DaprVersionChecks
{
    public const string Readme = "README.md";
    public const string DeploymentGuide = "docs/deployment.md";

    /// <summary>Features of our files that not every Dapr version has: since which version, and where we use them.</summary>
    private static readonly (string Feature, Version Since, Func<Manifest, bool> UsedIn)[] Needs =
    [
        // The 1.14 Resiliency CRD rejects `matching`, self-hosted 1.14 ignores it (dapr/dapr, dapr-facts.md).
        ("Resiliency retries with `matching`", new Version(1, 15), doc => doc.Kind == "Resiliency" && doc.Root.Entries("spec", "policies", "retries").Any(r => r.Value.Map("matching") is not null)),
    ];

    public static IEnumerable<string> StatedRangeCoversWhatTheFilesUse(RepositorySnapshot repo)
    {
        var readme = Range(repo.Text(Readme), ReadmeRange());
        var guide = Range(repo.Text(DeploymentGuide), GuideRange());
        if (readme is null) yield return $"{Readme} must state the supported Dapr versions as \"runtime X.Y to X.Y\".";
        if (guide is null) yield return $"{DeploymentGuide} must state them as \"Supported: **Dapr X.Y to X.Y**\".";
        if (readme is null || guide is null) yield break;
        if (readme != guide) yield return $"{Readme} promises Dapr {readme.Value.Min} to {readme.Value.Max}, {DeploymentGuide} {guide.Value.Min} to {guide.Value.Max}.";

        var files = repo.Documents(repo.FilesUnder(DeploymentComponents.ComponentsFolder, ".yaml", ".yml").Concat(repo.FilesUnder(DeploymentComponents.KubernetesFolder, ".yaml", ".yml")));
        foreach (var (feature, since, usedIn) in Needs)
        {
            foreach (var doc in files.Where(usedIn).Where(_ => guide.Value.Min < since))
            {
                yield return $"{doc} uses {feature}, which Dapr has only from {since}, but the documents promise {guide.Value.Min}.";
            }
        }
    }

    private static (Version Min, Version Max)? Range(string text, Regex pattern) =>
        pattern.Match(text) is { Success: true } m ? (Version.Parse(m.Groups[1].Value), Version.Parse(m.Groups[2].Value)) : null;

    [GeneratedRegex(@"runtime (\d+\.\d+) to (\d+\.\d+)")]
    private static partial Regex ReadmeRange();

    [GeneratedRegex(@"Supported: \*\*Dapr (\d+\.\d+) to (\d+\.\d+)\*\*")]
    private static partial Regex GuideRange();
}
