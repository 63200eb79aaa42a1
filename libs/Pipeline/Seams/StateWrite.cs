namespace DaprPredictor.Pipeline.Seams;

/// <summary>One item of a bulk save: the value, and the ETag it was read with (null: insert only if absent).</summary>
public readonly record struct StateWrite<T>(string Key, T Value, string? ETag) where T : class;
