using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace DaprPredictor.Deployment.Tests.Files;

/// <summary>Small, null-tolerant navigation over YamlDotNet's representation model.</summary>
public static class Yaml
{
    public static IReadOnlyList<Manifest> Documents(this RepositorySnapshot repo, string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(repo.Text(path));
        stream.Load(reader);
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().Select(root => new Manifest(path, root))];
    }

    public static IEnumerable<Manifest> Documents(this RepositorySnapshot repo, IEnumerable<string> paths) => paths.SelectMany(repo.Documents);

    public static YamlNode? Node(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out node)) return null;
        }

        return node;
    }

    public static YamlMappingNode? Map(this YamlNode? node, params string[] path) => node.Node(path) as YamlMappingNode;

    public static string? Str(this YamlNode? node, params string[] path) => (node.Node(path) as YamlScalarNode)?.Value;

    public static int? Number(this YamlNode? node, params string[] path) =>
        int.TryParse(node.Str(path), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static bool? Bool(this YamlNode? node, params string[] path) => bool.TryParse(node.Str(path), out var value) ? value : null;

    public static IReadOnlyList<YamlNode> Items(this YamlNode? node, params string[] path) =>
        node.Node(path) is YamlSequenceNode sequence ? [.. sequence.Children] : [];

    public static IReadOnlyList<string> Strings(this YamlNode? node, params string[] path) =>
        [.. node.Items(path).OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty)];

    /// <summary>A mapping's scalar entries (for labels, annotations, env maps).</summary>
    public static IReadOnlyDictionary<string, string> Scalars(this YamlNode? node, params string[] path) =>
        node.Map(path) is { } map
            ? map.Children.Where(c => c.Value is YamlScalarNode).ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value ?? string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node, params string[] path) =>
        node.Map(path) is { } map ? map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, c.Value)) : [];

    /// <summary>A canonical text of a subtree (keys sorted), to compare two documents' specs.</summary>
    public static string Canonical(this YamlNode? node) => node switch
    {
        YamlMappingNode map => "{" + string.Join(",", map.Children.Select(c => (Key: ((YamlScalarNode)c.Key).Value!, c.Value)).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key + ":" + c.Value.Canonical())) + "}",
        YamlSequenceNode seq => "[" + string.Join(",", seq.Children.Select(Canonical)) + "]",
        YamlScalarNode scalar => "'" + scalar.Value + "'",
        _ => "~",
    };
}
