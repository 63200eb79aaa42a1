namespace DaprPredictor.FakeDaprd.State;

public enum StateStoreFailure
{
    /// <summary>A plain error: daprd answers gRPC Internal.</summary>
    Plain,

    /// <summary><c>state.ETagMismatch</c>: daprd answers gRPC Aborted, which the SDK's TrySave turns into false.</summary>
    ETagMismatch,

    /// <summary><c>state.ETagInvalid</c>: daprd answers gRPC InvalidArgument.</summary>
    ETagInvalid,
}
