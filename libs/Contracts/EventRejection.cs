using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Windows;

namespace DaprPredictor.Contracts;

public sealed record EventRejection(int Index, string? EventId, string Reason, string Detail);
