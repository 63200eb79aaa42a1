using DaprPredictor.Pipeline.Predictions;

namespace DaprPredictor.Standalone.Replay;

/// <param name="RetainedBytes">Managed heap the pipeline holds after the replay beyond what it held before (full GC both times, outside the timing).</param>
public sealed record ReplayResult(ReplaySource Stream, PipelineCounts Counts, TimeSpan Elapsed, long PeakWorkingSetBytes, long LiveWindows, long RetainedBytes, ReplayCost Cost);
