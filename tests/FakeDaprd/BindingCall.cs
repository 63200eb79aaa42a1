namespace DaprPredictor.FakeDaprd;

/// <summary>An output binding call as the sidecar received it (InvokeBindingRequest).</summary>
public sealed record BindingCall(string BindingName, string Operation, ReadOnlyMemory<byte> Data, IReadOnlyDictionary<string, string> Metadata);
