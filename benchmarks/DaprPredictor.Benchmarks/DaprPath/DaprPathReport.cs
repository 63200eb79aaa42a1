namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>Every measured run of a session, and the accounting of each rig over all its runs (warm-ups included).</summary>
internal sealed record DaprPathReport(IReadOnlyList<RunResult> Runs, IReadOnlyList<RigAccounting> Accounting)
{
    public bool AccountedFor => Accounting.All(a => a.AccountedFor);
}
