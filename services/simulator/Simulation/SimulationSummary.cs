namespace DaprPredictor.Simulator.Simulation;

/// <summary>What a run published: page views and purchases, and the users they came from.</summary>
public sealed record SimulationSummary(long PageViews, long Purchases, int Users, TimeSpan Elapsed, TimeSpan RebasedBy);
