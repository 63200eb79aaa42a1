using DaprPredictor.Domain.Cleaning;

namespace DaprPredictor.ModelTraining;

/// <summary>What happened to each input event while building the set: the counts add up to <see cref="Events"/>.</summary>
public sealed record TrainingSetReport(int Events, int Rows, int Duplicates, int Late, IReadOnlyDictionary<RejectReason, int> Rejected, int Sessions, int PurchasingSessions)
{
    public int RejectedTotal => Rejected.Values.Sum();
}
