using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DaprPredictor.Deployment.Tests.Checks;

/// <summary>
/// Looks through every file git would commit (tracked, or new and not ignored: <c>.local/</c> and <c>out/</c> are
/// ignored, so real local secrets there are not findings) for private keys, passwords in URLs, DSNs and connection
/// strings, and tokens of the common issuers. Placeholders (<c>change-me</c>, <c>$VAR</c>, <c>&lt;password&gt;</c>) are not secrets.
/// </summary>
public static partial class SecretScan
{
    /// <summary>Key = value rules apply to configuration and documentation only; in C# the same shape is ordinary code.</summary>
    private static readonly string[] ConfigurationExtensions = [".yaml", ".yml", ".json", ".env", ".md", ".sh", ".props", ".config", ".toml", ".ini", ".properties", ".txt"];

    private static readonly (string What, Regex Pattern, bool ConfigurationOnly)[] Rules =
    [
        ("a private key", PrivateKey(), false),
        ("a password in a URL", UrlPassword(), false),
        ("a password in a Go DSN", GoDsnPassword(), false),
        ("a password in a connection string", ConnectionStringPassword(), false),
        ("an AWS access key id", AwsAccessKey(), false),
        ("a GitHub token", GitHubToken(), false),
        ("a Slack token", SlackToken(), false),
        ("a Google API key", GoogleApiKey(), false),
        ("a JSON Web Token", JsonWebToken(), false),
        ("a secret-named setting with a literal value", SecretSetting(), true),
    ];

    public static IEnumerable<string> Repository(string root)
    {
        foreach (var path in FilesGitWouldCommit(root))
        {
            var full = Path.Combine(root, path);
            if (!File.Exists(full) || new FileInfo(full).Length > 5_000_000) continue;
            var text = File.ReadAllText(full);
            if (text.Contains('\0', StringComparison.Ordinal)) continue; // binary
            foreach (var finding in Findings(path, text)) yield return finding;
        }
    }

    /// <summary>"path:line: what" for every secret-looking value in the text.</summary>
    public static IEnumerable<string> Findings(string path, string text)
    {
        var configuration = ConfigurationExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)) || Path.GetFileName(path).StartsWith(".env", StringComparison.Ordinal);
        foreach (var (what, pattern, configurationOnly) in Rules)
        {
            if (configurationOnly && !configuration) continue;
            foreach (Match match in pattern.Matches(text))
            {
                if (match.Groups["secret"] is { Success: true } secret && (IsPlaceholder(secret.Value) || (configurationOnly && !LooksGenerated(secret.Value)))) continue;
                var line = text.AsSpan(0, match.Index).Count('\n') + 1;
                yield return $"{path}:{line}: {what}";
            }
        }
    }

    public static bool IsPlaceholder(string value) =>
        value.Contains("change-me", StringComparison.OrdinalIgnoreCase) || value.Contains("changeme", StringComparison.OrdinalIgnoreCase) || Placeholder().IsMatch(value);

    /// <summary>Generated tokens mix letters and digits; names of secrets (<c>daprpredictor-app-token</c>) do not.</summary>
    private static bool LooksGenerated(string value) => value.Any(char.IsAsciiDigit) && value.Any(char.IsAsciiLetter);

    private static IEnumerable<string> FilesGitWouldCommit(string root)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "ls-files", "-z", "--cached", "--others", "--exclude-standard" }) start.ArgumentList.Add(argument);
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git is needed to list the repository's files.");
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0) throw new InvalidOperationException($"git ls-files failed in {root}: {error}");
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"-----BEGIN (?:(?:RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s:/@'""`<>]+:(?<secret>[^\s/@'""`<>]+)@")]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(?<![\w/.])[\w.\-]+:(?<secret>[^\s/@'""`()]+)@(?:tcp|unix)\(")]
    private static partial Regex GoDsnPassword();

    [GeneratedRegex(@"(?i)\b(?:password|passwd|pwd)=(?<secret>[^;'""\s&]+)")]
    private static partial Regex ConnectionStringPassword();

    [GeneratedRegex(@"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bxox[abposr]-[A-Za-z0-9-]{10,}")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_\-]{35}\b")]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}")]
    private static partial Regex JsonWebToken();

    [GeneratedRegex(@"(?i)\b[\w.\-]*(?:token|secret|api[_-]?key|password|passwd)[\w.\-]*[""']?\s*[:=]\s*[""']?(?<secret>[A-Za-z0-9+/_\-]{16,}={0,2})(?![\w(])")]
    private static partial Regex SecretSetting();

    [GeneratedRegex(@"(?i)^(?:\$\{?[\w:\-]+\}?|\$\(.*\)|<[^>]*>|\{\{.*\}\}|%\w+%|\*+|x+|\.\.\.|password|passwd|pass|pwd|secret|token|example|redacted|dummy)$")]
    private static partial Regex Placeholder();
}
