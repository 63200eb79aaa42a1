using DaprPredictor.Domain.Windows;

namespace DaprPredictor.Contracts;

/// <summary>
/// The feature extractor's per-user state-store value, written in one ETag-guarded save: the window, the latest
/// prediction, and the session's offline features (taken as of the session start, so one lookup serves the session).
/// </summary>
public sealed record UserState(UserWindow Window, Prediction? LatestPrediction, UserOfflineFeatures? SessionOffline = null);
