namespace DaprPredictor.Deployment.Tests.Files;

public static class RepoPath
{
    /// <summary>"./a/b/" → "a/b"; "a/b/../c" → "a/c".</summary>
    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
            else parts.Add(part);
        }

        return string.Join('/', parts);
    }

    public static string Combine(string folder, string relative) => Normalize(folder + "/" + relative);
}
