using YamlDotNet.RepresentationModel;

namespace DaprPredictor.Deployment.Tests.Files;

/// <summary>One YAML document of a file (a file may hold several, separated by ---).</summary>
public sealed record Manifest(string File, YamlMappingNode Root)
{
    public string? Kind => Root.Str("kind");

    public string? Name => Root.Str("metadata", "name");

    public string? Namespace => Root.Str("metadata", "namespace");

    public override string ToString() => $"{File} ({Kind} {Name})";
}
