using System.Globalization;

namespace DaprPredictor.Pipeline.Seams;

/// <summary>
/// The ETag a buffer was read with, to save it back with (<see cref="IStateStore.ReadIntoAsync{TBuffer, TValue}"/>):
/// the store's ETag string (Dapr's, sent back as it came), or the in-memory store's version number, compared as a number;
/// its string is made only when someone asks for <see cref="Text"/>. <c>default</c>: the key did not exist.
/// </summary>
public readonly struct ETag
{
    private readonly string? _text;
    private readonly long _version;

    private ETag(string? text, long version) => (_text, _version) = (text, version);

    /// <summary>The key did not exist: a save is an insert.</summary>
    public bool IsNone => _text is null && _version == 0;

    /// <summary>The ETag as a store's API takes it; null when <see cref="IsNone"/>.</summary>
    public string? Text => _text ?? (_version == 0 ? null : _version.ToString(CultureInfo.InvariantCulture));

    public static ETag Of(string? text) => new(text, 0);

    /// <param name="version">Positive: the version of a stored item.</param>
    public static ETag OfVersion(long version) => version > 0 ? new(null, version) : throw new ArgumentOutOfRangeException(nameof(version));

    /// <summary>Whether this is the ETag of an item at <paramref name="version"/>, whose ETag string is the number written in invariant digits.</summary>
    public bool Is(long version)
    {
        if (_version != 0) return _version == version;
        if (_text is null) return false;
        Span<char> digits = stackalloc char[20];
        return version.TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture) && _text.AsSpan().SequenceEqual(digits[..written]);
    }

    public override string ToString() => Text ?? "(none)";
}
