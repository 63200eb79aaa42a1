using DaprPredictor.Contracts;
using DaprPredictor.Scorer.Scoring;
using DaprPredictor.ServiceDefaults;

var builder = ServiceDefaultsExtensions.CreateBuilder(args);
builder.ListenOnLocalhostUnlessConfigured(Topology.ScorerPort);
builder.AddServiceDefaults(ContractsJsonContext.Default);
builder.AddScoring();

if (builder.BuildValidated() is not { } app) return StartupValidation.ExitCode;
app.MapDefaultEndpoints();
app.MapScoreApi();
app.Run();
return 0;
