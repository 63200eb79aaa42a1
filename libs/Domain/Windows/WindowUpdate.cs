namespace DaprPredictor.Domain.Windows;

public readonly record struct WindowUpdate(WindowOutcome Outcome, UserWindow Window);
