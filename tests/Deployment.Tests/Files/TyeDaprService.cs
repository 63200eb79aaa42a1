namespace DaprPredictor.Deployment.Tests.Files;

public sealed record TyeDaprService(string Name, bool? Enabled, int? HttpPort, int? GrpcPort, int? MetricsPort);
