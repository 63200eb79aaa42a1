namespace DaprPredictor.Deployment.Tests.Checks;

public sealed record PortClaim(string AppId, int Port, string Source);
