using DaprPredictor.Contracts;
using DaprPredictor.Scorer.Scoring;
using DaprPredictor.ServiceDefaults;

var builder = ServiceDefaultsExtensions.CreateBuilder(args);
builder.AddServiceDefaults(ContractsJsonContext.Default);
builder.AddScoring();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapScoreApi();
return app.RunValidated();
