namespace DaprPredictor.FakeDaprd.State;

/// <summary>
/// A failure of the state store component, with the kind daprd reads from it (components-contrib state/errors.go):
/// an ETag mismatch (gRPC Aborted), an invalid ETag (InvalidArgument), or a plain error (Internal).
/// </summary>
public sealed class StateStoreException(StateStoreFailure kind, string message) : Exception(message)
{
    public StateStoreFailure Kind { get; } = kind;
}
