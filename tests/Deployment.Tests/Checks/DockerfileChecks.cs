using System.Xml.Linq;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Checks;

/// <summary>One Dockerfile per app: multi-stage, restore layer first, non-root, the right entry point.</summary>
public static class DockerfileChecks
{
    public static IEnumerable<string> Images(RepositorySnapshot repo)
    {
        var run = RunFile.Read(repo);
        var tye = TyeFile.Read(repo);
        foreach (var app in run.Apps)
        {
            var path = app.AppDirPath + "/Dockerfile";
            if (!repo.Exists(path)) continue; // reported by the app id check
            var dockerfile = Dockerfile.Read(repo, path);
            var froms = dockerfile.Of("FROM").Select(f => f.Arguments.Split(' ')[0]).ToList();
            var runtime = app.AppId == Apps.Simulator ? "mcr.microsoft.com/dotnet/runtime:10.0" : "mcr.microsoft.com/dotnet/aspnet:10.0";
            if (!froms.Contains("mcr.microsoft.com/dotnet/sdk:10.0")) yield return $"{path}: needs a build stage FROM mcr.microsoft.com/dotnet/sdk:10.0.";
            if (froms.LastOrDefault() != runtime) yield return $"{path}: the final stage must be FROM {runtime}.";
            if (dockerfile.InFinalStage("USER").LastOrDefault()?.Arguments != "$APP_UID") yield return $"{path}: the final stage must run as USER $APP_UID (non-root).";
            if (Apps.Services.Contains(app.AppId) && !dockerfile.FinalEnv.ContainsKey("ASPNETCORE_HTTP_PORTS"))
            {
                // Without it the app would take the aspnet image's 8080 (or, with no variable at all, localhost only).
                yield return $"{path}: the image must set ENV ASPNETCORE_HTTP_PORTS=<port> so the app listens on every interface on its port.";
            }

            var project = tye.Service(app.AppId)?.Project;
            if (project is null) continue;
            var projects = repo.Exists(project) ? ProjectClosure(repo, project) : [project];
            var restore = dockerfile.Instructions.TakeWhile(i => !(i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal))).Where(i => i.Keyword == "COPY").ToList();
            if (restore.Count == dockerfile.Of("COPY").Count()) yield return $"{path}: no `RUN dotnet restore` layer before the sources are copied.";
            foreach (var p in projects.Where(p => !restore.Any(c => c.Arguments.StartsWith(p + " ", StringComparison.Ordinal))))
            {
                yield return $"{path}: the restore layer does not COPY {p}, which {project} needs.";
            }

            var assembly = repo.Exists(project) ? AssemblyName(repo, project) : Path.GetFileNameWithoutExtension(project);
            var entry = dockerfile.InFinalStage("ENTRYPOINT").LastOrDefault()?.Arguments;
            if (entry != $"[\"dotnet\", \"{assembly}.dll\"]") yield return $"{path}: ENTRYPOINT must be [\"dotnet\", \"{assembly}.dll\"], is {entry}.";
        }

        if (!repo.Exists(".dockerignore")) yield return ".dockerignore is missing at the repository root (the build context).";
        else if (!repo.Text(".dockerignore").Contains("**/bin/", StringComparison.Ordinal) || !repo.Text(".dockerignore").Contains("**/obj/", StringComparison.Ordinal)) yield return ".dockerignore must exclude **/bin/ and **/obj/.";
    }

    /// <summary>A project and every project it references, transitively (repository paths).</summary>
    public static IReadOnlyList<string> ProjectClosure(RepositorySnapshot repo, string project)
    {
        var seen = new List<string>();
        var queue = new Queue<string>([project]);
        while (queue.TryDequeue(out var current))
        {
            if (seen.Contains(current) || !repo.Exists(current)) continue;
            seen.Add(current);
            var folder = current[..current.LastIndexOf('/')];
            foreach (var reference in XDocument.Parse(repo.Text(current)).Descendants("ProjectReference").Select(r => r.Attribute("Include")?.Value).OfType<string>())
            {
                queue.Enqueue(RepoPath.Combine(folder, reference));
            }
        }

        return seen;
    }

    private static string AssemblyName(RepositorySnapshot repo, string project) =>
        XDocument.Parse(repo.Text(project)).Descendants("AssemblyName").FirstOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(project);
}
