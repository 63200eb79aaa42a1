using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.Synthetic;

public sealed record SyntheticUser(string UserId, int TypeIndex);
