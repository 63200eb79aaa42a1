namespace DaprPredictor.ModelTraining;

/// <summary>Holds out the sessions that start last: the model is judged on a later period than it learned from.</summary>
public sealed record TimeSplit(DateTimeOffset At, int TrainSessions, int TestSessions)
{
    public bool IsTest(TrainingRow row) => row.SessionStart >= At;

    public static TimeSplit Compute(IReadOnlyList<TrainingRow> rows, double testFraction)
    {
        var starts = rows.Select(r => (r.UserId, r.SessionOrdinal, r.SessionStart)).Distinct().Select(s => s.SessionStart).Order().ToArray();
        var index = Math.Clamp((int)Math.Floor(starts.Length * (1 - testFraction)), 1, starts.Length - 1);
        var at = starts[index];
        var train = starts.Count(s => s < at);
        return new TimeSplit(at, train, starts.Length - train);
    }
}
