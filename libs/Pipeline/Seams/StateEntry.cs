namespace DaprPredictor.Pipeline.Seams;

/// <summary>A value and the ETag it was read with (null ETag: the key does not exist).</summary>
public readonly record struct StateEntry<T>(T? Value, string? ETag) where T : class;
