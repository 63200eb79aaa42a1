using DaprPredictor.Contracts;

namespace DaprPredictor.Pipeline.Seams;

/// <summary>Offline features of a user as of a point in time: offline-features over Dapr invocation, or in process.</summary>
public interface IOfflineFeaturesSource
{
    ValueTask<UserOfflineFeatures> GetAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken);
}
