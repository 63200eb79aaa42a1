namespace DaprPredictor.ModelTraining.Import;

/// <summary>A dataset to import: its format and its files, in the command line's form <c>rees46:PATH[,PATH…]</c>.</summary>
public sealed record ImportSource(DatasetFormat Format, IReadOnlyList<string> Paths)
{
    public string Code => Name(Format);

    public static string Name(DatasetFormat format) => format switch
    {
        DatasetFormat.Rees46 => "rees46",
        DatasetFormat.RetailRocket => "retailrocket",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown dataset format"),
    };

    /// <summary>Parses <c>FORMAT:PATH[,PATH…]</c>; the message of the exception says what is wrong.</summary>
    public static ImportSource Parse(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var formats = string.Join(", ", Enum.GetValues<DatasetFormat>().Select(Name));
        if (colon <= 0) throw new ArgumentException($"--import takes FORMAT:PATH[,PATH…] with FORMAT one of {formats}; got '{spec}'.", nameof(spec));
        var name = spec[..colon];
        var format = Enum.GetValues<DatasetFormat>().Cast<DatasetFormat?>().FirstOrDefault(f => string.Equals(Name(f!.Value), name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown dataset format '{name}': use one of {formats}.", nameof(spec));
        var paths = spec[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (paths.Length == 0) throw new ArgumentException($"--import {name}: needs at least one file.", nameof(spec));
        return new ImportSource(format, paths);
    }
}
