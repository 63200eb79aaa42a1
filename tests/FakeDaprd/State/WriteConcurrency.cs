namespace DaprPredictor.FakeDaprd.State;

/// <summary>The concurrency option of a request as daprd passes it on (<c>""</c>, <c>first-write</c>, <c>last-write</c>).</summary>
public enum WriteConcurrency
{
    Unspecified,
    FirstWrite,
    LastWrite,
}
