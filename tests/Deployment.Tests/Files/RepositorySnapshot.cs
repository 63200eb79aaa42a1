namespace DaprPredictor.Deployment.Tests.Files;

/// <summary>
/// The deployment files of the repository, read once into memory and addressed by repository-relative paths with '/'.
/// Checks read only this snapshot, so a test can change one file's text and prove that a check notices.
/// </summary>
public sealed class RepositorySnapshot
{
    private static readonly string[] Roots = ["components", "k8s", "services", "libs", "training"];
    private static readonly string[] TopLevelFiles = ["dapr.yaml", "tye.yaml", ".dockerignore", "README.md", "docs/deployment.md"];
    private static readonly string[] Extensions = [".yaml", ".yml", ".json", ".csproj", ".env"];
    private static readonly Lazy<RepositorySnapshot> Current = new(() => Load(FindRoot()));

    private readonly Dictionary<string, string> _files;

    private RepositorySnapshot(string root, Dictionary<string, string> files) => (RootDirectory, _files) = (root, files);

    public static RepositorySnapshot Repository => Current.Value;

    public string RootDirectory { get; }

    public IEnumerable<string> Paths => _files.Keys.Order(StringComparer.Ordinal);

    public bool Exists(string path) => _files.ContainsKey(path);

    public string Text(string path) => _files.TryGetValue(path, out var text) ? text : throw new FileNotFoundException($"{path} is not in the repository.", path);

    /// <summary>Files directly in <paramref name="folder"/> (not below it) whose names end with one of the extensions.</summary>
    public IEnumerable<string> FilesIn(string folder, params string[] extensions) =>
        Paths.Where(p => p.StartsWith(folder + "/", StringComparison.Ordinal) && !p[(folder.Length + 1)..].Contains('/')
            && extensions.Any(e => p.EndsWith(e, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Files anywhere below <paramref name="folder"/>.</summary>
    public IEnumerable<string> FilesUnder(string folder, params string[] extensions) =>
        Paths.Where(p => p.StartsWith(folder + "/", StringComparison.Ordinal) && extensions.Any(e => p.EndsWith(e, StringComparison.OrdinalIgnoreCase)));

    public IEnumerable<string> FoldersIn(string folder) =>
        Paths.Where(p => p.StartsWith(folder + "/", StringComparison.Ordinal) && p[(folder.Length + 1)..].Contains('/'))
            .Select(p => p[..(folder.Length + 1 + p[(folder.Length + 1)..].IndexOf('/'))])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    /// <summary>A copy with one file's text edited; the edit must apply, so a test cannot silently change nothing.</summary>
    public RepositorySnapshot WithEdit(string path, string find, string replace)
    {
        var text = Text(path);
        if (!text.Contains(find, StringComparison.Ordinal)) throw new InvalidOperationException($"'{find}' is not in {path}.");
        return With(path, text.Replace(find, replace, StringComparison.Ordinal));
    }

    public RepositorySnapshot With(string path, string text) => new(RootDirectory, new Dictionary<string, string>(_files, StringComparer.Ordinal) { [path] = text });

    public static RepositorySnapshot Load(string root)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in TopLevelFiles.Where(name => File.Exists(Path.Combine(root, name))))
        {
            files[name] = File.ReadAllText(Path.Combine(root, name));
        }

        foreach (var folder in Roots.Select(r => Path.Combine(root, r)).Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                // Build output and the logs `dapr run -f .` writes are not deployment files; .dapr/config.yaml or
                // .dapr/resources would be (they override dapr.yaml's common paths), so they are read.
                if (relative.Split('/').Any(part => part is "bin" or "obj") || relative.Contains("/.dapr/logs/", StringComparison.Ordinal)) continue;
                // Everything under components/ counts (a stray file in a resource folder is a finding); elsewhere only deployment files.
                if (relative.StartsWith("components/", StringComparison.Ordinal) || Path.GetFileName(file) == "Dockerfile"
                    || Extensions.Any(e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                {
                    files[relative] = File.ReadAllText(file);
                }
            }
        }

        return new RepositorySnapshot(root, files);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DaprPredictor.sln"))) return dir.FullName;
        }

        throw new DirectoryNotFoundException($"No DaprPredictor.sln above {AppContext.BaseDirectory}.");
    }
}
