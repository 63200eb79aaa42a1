namespace DaprPredictor.Deployment.Tests.Files;

public sealed record DockerInstruction(string Keyword, string Arguments, int Stage);
