namespace DaprPredictor.Domain.Windows;

public readonly record struct WindowUpdate(WindowOutcome Outcome, UserWindow Window)
{
    public bool Changed => Outcome is not (WindowOutcome.Duplicate or WindowOutcome.Late);
}
