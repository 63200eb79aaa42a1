using System.IO.Hashing;
using System.Text;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.ModelTraining.Import;

/// <summary>
/// The events of whole users, at most <c>maxEvents</c> of them, chosen without knowing the file's size in advance:
/// a user is kept when the hash of its id is at most a threshold. The threshold starts at the whole range and steps
/// down by a quarter (dropping the users above it) whenever the kept events exceed the limit, so the result is the
/// users below the highest step whose events fit: the same users on every run, in any file order, and a user kept
/// from one file is kept from any other at the same or a higher step.
/// </summary>
public sealed class UserSample(long? maxEvents)
{
    private const long HashSeed = 0x0DA9_9ED1_C7;

    private readonly List<ulong> _hashes = [];
    private readonly List<PageViewEvent> _events = [];

    public ulong Threshold { get; private set; } = ulong.MaxValue;

    public long? MaxEvents { get; } = maxEvents;

    public IReadOnlyList<PageViewEvent> Events => _events;

    /// <summary>The expected share of users kept.</summary>
    public double UserShare => Threshold == ulong.MaxValue ? 1 : Threshold / 18_446_744_073_709_551_616.0;

    public int Users => _hashes.Distinct().Count();

    public static ulong HashOf(ReadOnlySpan<byte> userIdUtf8) => XxHash3.HashToUInt64(userIdUtf8, HashSeed);

    public static ulong HashOf(string? userId) => HashOf(Encoding.UTF8.GetBytes(userId ?? string.Empty));

    /// <summary>Samples a stream of events (your own JSON Lines); events without a user count as one user.</summary>
    public static UserSample Of(IEnumerable<PageViewEvent> events, long? maxEvents)
    {
        var sample = new UserSample(maxEvents);
        foreach (var e in events) sample.Add(HashOf(e.UserId), e);
        return sample;
    }

    public bool Keeps(ulong userHash) => userHash <= Threshold;

    public void Add(ulong userHash, PageViewEvent e)
    {
        if (!Keeps(userHash)) return;
        _hashes.Add(userHash);
        _events.Add(e);
        while (_events.Count > MaxEvents) StepDown();
    }

    private void StepDown()
    {
        Threshold = Threshold / 4 * 3;
        var kept = 0;
        for (var i = 0; i < _events.Count; i++)
        {
            if (_hashes[i] > Threshold) continue;
            _hashes[kept] = _hashes[i];
            _events[kept] = _events[i];
            kept++;
        }

        _hashes.RemoveRange(kept, _hashes.Count - kept);
        _events.RemoveRange(kept, _events.Count - kept);
    }
}
