using DaprPredictor.Contracts;
using DaprPredictor.Domain.Windows;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Pipeline.Predictions;

/// <summary>
/// The processor's working copy of a user's <see cref="UserState"/>: the window as a buffer that the rules change in
/// place, and the latest prediction and the session's offline features, which are immutable and held by reference. The
/// in-memory store copies it to and from a slot of its own per key; a store of JSON (Dapr) reads and writes it as the
/// <see cref="UserState"/> it stands for, the same bytes as ever.
/// </summary>
public sealed class UserStateBuffer : IStateBuffer<UserStateBuffer, UserState>
{
    public WindowBuffer Window { get; } = new();

    public Prediction? LatestPrediction { get; set; }

    public UserOfflineFeatures? SessionOffline { get; set; }

    public static UserStateBuffer Create() => new();

    public void CopyFrom(UserStateBuffer other)
    {
        Window.CopyFrom(other.Window);
        (LatestPrediction, SessionOffline) = (other.LatestPrediction, other.SessionOffline);
    }

    public void Clear() => Load(null);

    public void Load(UserState? value)
    {
        Window.Load(value?.Window);
        (LatestPrediction, SessionOffline) = (value?.LatestPrediction, value?.SessionOffline);
    }

    public UserState? ToValue() => Window.IsEmpty && LatestPrediction is null && SessionOffline is null
        ? null
        : new UserState(Window.ToWindow()!, LatestPrediction, SessionOffline);
}
