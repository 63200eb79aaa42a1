namespace DaprPredictor.Standalone.Replay;

/// <summary>
/// What the timed part of a replay cost the process: CPU (all threads, the feeder's too), garbage collections and their
/// pauses, and bytes allocated,
/// in total and by the pipeline alone (on the broker's consumers, from taking a message to settling it). Unlike the
/// wall clock, CPU time and allocations hardly depend on what else the machine runs.
/// </summary>
/// <param name="Collections">Garbage collections of each generation: [0] counts every collection, [1] those of gen1 and gen2, [2] those of gen2.</param>
public sealed record ReplayCost(TimeSpan Cpu, TimeSpan GcPauses, int[] Collections, long AllocatedBytes, long PipelineAllocatedBytes);
