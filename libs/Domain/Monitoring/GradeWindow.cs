using DaprPredictor.Domain.Outcomes;

namespace DaprPredictor.Domain.Monitoring;

/// <summary>
/// The last <see cref="Capacity"/> labelled predictions, graded with the held-out evaluation's own
/// <see cref="ProbabilityScores"/> and binned by decile for calibration. Memory is fixed by the capacity. Not thread-safe.
/// </summary>
public sealed class GradeWindow
{
    public const int CalibrationBins = 10;

    private readonly (double Probability, bool Outcome)[] _ring;
    private readonly ProbabilityScores _scores = new();
    private readonly long[] _binCounts = new long[CalibrationBins];
    private readonly long[] _binPositives = new long[CalibrationBins];
    private readonly double[] _binSums = new double[CalibrationBins];
    private long _added;

    public GradeWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new (double, bool)[capacity];
    }

    public int Capacity => _ring.Length;

    public void Add(double probability, bool outcome)
    {
        var slot = (int)(_added % Capacity);
        if (_added >= Capacity)
        {
            var (oldP, oldOutcome) = _ring[slot];
            _scores.Remove(oldP, oldOutcome);
            Bin(oldP, oldOutcome, -1);
        }

        _ring[slot] = (probability, outcome);
        _scores.Add(probability, outcome);
        Bin(probability, outcome, +1);
        _added++;
    }

    public LiveGrade Grade()
    {
        var calibration = new CalibrationBin[CalibrationBins];
        for (var b = 0; b < CalibrationBins; b++)
        {
            calibration[b] = new CalibrationBin(b, _binCounts[b], _binCounts[b] == 0 ? double.NaN : _binSums[b] / _binCounts[b],
                _binCounts[b] == 0 ? double.NaN : (double)_binPositives[b] / _binCounts[b]);
        }

        return LiveGrade.Of(_scores, calibration);
    }

    private void Bin(double probability, bool outcome, int sign)
    {
        var bin = Math.Clamp((int)(probability * CalibrationBins), 0, CalibrationBins - 1);
        _binCounts[bin] += sign;
        _binSums[bin] += sign * probability;
        if (outcome) _binPositives[bin] += sign;
    }
}
