using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.Standalone.Tests.Hostile;

/// <summary>What a hostile body costs in memory. Alone in its collection, run after the others, so that nothing else allocates meanwhile.</summary>
[Collection(HostileAloneCollection.Name)]
public class HostileMemoryTests(HostileStandalone hosts)
{
    /// <summary>
    /// Before the fix the whole body was parsed into a document and an array of elements before the limit was checked:
    /// 16 MB of zeros allocated about 250 MB (RSS grew by about 400 MB) to answer 413. The limit now applies while
    /// reading: the reader stops at the 10,001st element.
    /// </summary>
    [Fact]
    public async Task SixteenMegabytesOfZerosAreRefusedAfterReadingNoMoreThanTheLimitOfElements()
    {
        using var host = hosts.NewHost();
        var client = host.CreateClient();
        await client.GetAsync("/alive");
        var body = new byte[(16 * 1024 * 1024) - 1];
        for (var i = 1; i < body.Length - 1; i++) body[i] = i % 2 == 1 ? (byte)'0' : (byte)',';
        (body[0], body[^1]) = ((byte)'[', (byte)']');

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        using var response = await client.PostAsync("/events", JsonBody.Of(body));
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        await HostileAssert.ProblemAsync(response, 413);
        Assert.True(allocated < 48L * 1024 * 1024, $"answering 413 allocated {allocated / (1024 * 1024)} MB for a 16 MB body");
    }
}
