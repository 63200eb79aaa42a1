using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DaprPredictor.ServiceDefaults;

/// <summary>
/// What an answer may say outside Development: a file's name but not the folder it lives in, no exception text from
/// below us (gRPC debug strings, socket errors, connection strings). Development shows everything, for the developer.
/// </summary>
public static partial class PublicText
{
    /// <summary>True when answers may carry internal detail (Development).</summary>
    public static bool ShowsDetail(HttpContext context) => context.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment();

    /// <summary>The text with every absolute path cut to its last segment: '/srv/models/model.zip' → 'model.zip'.</summary>
    public static string Redact(string text) => WindowsPath().Replace(UnixPath().Replace(text, "$1"), "$1");

    /// <summary><paramref name="text"/> where detail may show, else redacted.</summary>
    public static string For(HttpContext context, string text) => ShowsDetail(context) ? text : Redact(text);

    /// <summary>An absolute path: '/' not after a word, dot, colon or slash (so no URL), then folders and the last segment.</summary>
    [GeneratedRegex(@"(?<![\w.:/~-])/(?:[^/\s'""<>|]+/)+([^/\s'""<>|]*)")]
    private static partial Regex UnixPath();

    [GeneratedRegex(@"\b[A-Za-z]:\\(?:[^\\\s'""<>|]+\\)*([^\\\s'""<>|]*)")]
    private static partial Regex WindowsPath();
}
