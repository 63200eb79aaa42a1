namespace DaprPredictor.Synthetic;

public sealed record SyntheticUser(string UserId, int TypeIndex);
