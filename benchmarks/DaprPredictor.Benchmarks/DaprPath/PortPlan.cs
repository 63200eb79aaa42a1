using System.Net;
using System.Net.Sockets;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// The fixed ports of a run, laid out from one base as dapr.yaml lays out its own (apps 5100/5200/5300, sidecars
/// 3500–3502 and 50101–50103): apps at base+100, +200, +300, the rig's own app at +400, sidecars' HTTP at +500…,
/// gRPC at +600…, the fake's control port at +599, MariaDB at +306. A session with several rigs (one per
/// <see cref="PipelineMode"/>) gives each the next thousand (<see cref="Next"/>); MariaDB is the first plan's.
/// </summary>
internal sealed record PortPlan(int Base)
{
    public int FeatureExtractor => Base + 100;

    public int OfflineFeatures => Base + 200;

    public int Scorer => Base + 300;

    /// <summary>The rig's own app: it subscribes to predictions and dead letters through its sidecar.</summary>
    public int Sink => Base + 400;

    public int Control => Base + 599;

    public int MariaDb => Base + 306;

    public int SidecarHttp(int index) => Base + 500 + index;

    public int SidecarGrpc(int index) => Base + 600 + index;

    public PortPlan Next => new(Base + 1000);

    /// <summary>The rig's ports (MariaDB's is the session's: a server already running from its directory is reused).</summary>
    public IEnumerable<int> All => [FeatureExtractor, OfflineFeatures, Scorer, Sink, Control, .. Enumerable.Range(0, 4).SelectMany(i => new[] { SidecarHttp(i), SidecarGrpc(i) })];

    /// <summary>Fails naming the ports something else listens on.</summary>
    public void EnsureFree()
    {
        var taken = All.Where(p => !IsFree(p)).ToArray();
        if (taken.Length > 0) throw new InvalidOperationException($"Port(s) {string.Join(", ", taken)} are in use: pick another --base-port.");
    }

    /// <summary>A base whose ports, and those of the <paramref name="rigs"/> - 1 plans after it, are all free, from a random start (tests).</summary>
    public static PortPlan FindFree(int rigs = 1)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var plan = new PortPlan(Random.Shared.Next(20, 60) * 1000);
            var plans = Enumerable.Range(0, rigs).Select(i => new PortPlan(plan.Base + i * 1000));
            if (IsFree(plan.MariaDb) && plans.All(p => p.All.All(IsFree))) return plan;
        }

        throw new InvalidOperationException("No free block of ports found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
