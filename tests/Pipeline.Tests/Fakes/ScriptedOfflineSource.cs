using System.Collections.Concurrent;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Pipeline.Tests.Fakes;

/// <summary>
/// The offline-features seam as the feature extractor sees it (the offline-features service behind Dapr invocation):
/// it answers the given features, fails, or hangs until the caller gives up, and records every lookup.
/// </summary>
public sealed class ScriptedOfflineSource : IOfflineFeaturesSource
{
    private readonly ConcurrentQueue<(string UserId, DateTimeOffset AsOf)> _lookups = new();

    public PurchaseFeatures Answer { get; set; } = PurchaseFeatures.ColdStartDefaults;

    public Exception? Failure { get; set; }

    /// <summary>Never answers: waits until the lookup is cancelled (by the pipeline's timeout or by the caller).</summary>
    public bool Hang { get; set; }

    public IReadOnlyList<(string UserId, DateTimeOffset AsOf)> Lookups => [.. _lookups];

    public async ValueTask<UserOfflineFeatures> GetAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        _lookups.Enqueue((userId, asOf));
        if (Hang) await Task.Delay(Timeout.Infinite, cancellationToken);
        if (Failure is { } failure) throw failure;
        return new UserOfflineFeatures(userId, asOf, Answer);
    }
}
