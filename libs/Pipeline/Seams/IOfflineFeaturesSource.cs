using System.Text.Json.Serialization.Metadata;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.Pipeline.Seams;

/// <summary>Offline features of a user as of a point in time: offline-features over Dapr invocation, or in process.</summary>
public interface IOfflineFeaturesSource
{
    ValueTask<UserOfflineFeatures> GetAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken);
}
