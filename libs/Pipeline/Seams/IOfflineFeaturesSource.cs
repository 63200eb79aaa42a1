using DaprPredictor.Contracts;

namespace DaprPredictor.Pipeline.Seams;

/// <summary>Offline features of a user as of a point in time: offline-features over Dapr invocation, or in process.</summary>
public interface IOfflineFeaturesSource
{
    ValueTask<UserOfflineFeatures> GetAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken);

    /// <summary>
    /// The features of several (user, as-of) pairs, one per pair, in order; a failure fails them all. By default one
    /// <see cref="GetAsync"/> per pair: offline-features over Dapr overrides it with one call, the in-process service
    /// with one cache read and one store query for the misses.
    /// </summary>
    async ValueTask<IReadOnlyList<UserOfflineFeatures>> GetBatchAsync(IReadOnlyList<OfflineFeaturesPair> pairs, CancellationToken cancellationToken)
    {
        var features = new UserOfflineFeatures[pairs.Count];
        for (var i = 0; i < pairs.Count; i++) features[i] = await GetAsync(pairs[i].UserId, pairs[i].AsOf, cancellationToken);
        return features;
    }
}
