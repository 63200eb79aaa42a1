namespace DaprPredictor.Simulator.Simulation;

/// <summary>What a run published.</summary>
public sealed record SimulationSummary(long Published, int Users, TimeSpan Elapsed, TimeSpan RebasedBy);
