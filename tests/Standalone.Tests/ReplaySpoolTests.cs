using System.Runtime.InteropServices;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Embedded;
using DaprPredictor.Standalone.Replay;

namespace DaprPredictor.Standalone.Tests;

/// <summary>
/// The spool hands out page-view payloads as slices of shared blocks that are reused once their messages are settled:
/// a settled replay must not keep allocating blocks, and a message not yet settled must never see its bytes overwritten.
/// </summary>
public class ReplaySpoolTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static ReplaySpool Spool(int count) => ReplaySpool.Write(Enumerable.Range(0, count).Select(i =>
    {
        var at = Start.AddSeconds(i);
        var json = PageViewJson.Serialize(new PageViewEvent($"e-{i:D5}", $"u-{i % 97}", "s-1", "/product/p-00001", Rfc3339.Format(at), "p-00001", "shoes", i));
        var message = new PageViewMessage(System.Text.Encoding.UTF8.GetBytes(json), null, at, $"u-{i % 97}");
        return (new ReplayItem(message, null), (Truth?)new Truth(i % 3 == 0, i / 10_000.0));
    }));

    private static string EventId(PageViewMessage message) => PageViewJson.TryParse(message.Json.Span, out var e, out _) ? e!.EventId! : "?";

    private static byte[] Block(PageViewMessage message) => MemoryMarshal.TryGetArray(message.Json, out var segment) ? segment.Array! : [];

    [Fact]
    public void PayloadsOfMessagesNotYetSettledAreNeverOverwritten()
    {
        using var spool = Spool(3_000);

        var held = spool.Read().Select(i => i.Message!).ToList();

        Assert.Equal(Enumerable.Range(0, 3_000).Select(i => $"e-{i:D5}"), held.Select(EventId));
        Assert.Equal(Enumerable.Range(0, 3_000).Select(i => new Truth(i % 3 == 0, i / 10_000.0)), held.Select(m => SpooledTruth.Of(m.Context)!.Value));
        Assert.True(held.Select(Block).Distinct().Count() > 10, "3,000 payloads held at once need many blocks");
    }

    [Fact]
    public void PayloadsAreReadIntoAFewReusedBlocksWhenEachMessageIsSettledAfterUse()
    {
        using var spool = Spool(3_000);
        var blocks = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
        var ids = new List<string>();

        foreach (var item in spool.Read())
        {
            var message = item.Message!;
            ids.Add(EventId(message));
            blocks.Add(Block(message));
            ((SpooledTruth)message.Context!).Settled();
        }

        Assert.Equal(Enumerable.Range(0, 3_000).Select(i => $"e-{i:D5}"), ids);
        Assert.InRange(blocks.Count, 1, 2);
    }
}
