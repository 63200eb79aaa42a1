namespace DaprPredictor.Domain.Monitoring;

/// <summary>One probability decile of the graded window: how many predictions fell in it, their mean, and how often those visitors bought.</summary>
/// <param name="Bin">0 for [0, 0.1), …, 9 for [0.9, 1].</param>
public readonly record struct CalibrationBin(int Bin, long Count, double MeanPredicted, double ObservedRate);
