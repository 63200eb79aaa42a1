using DaprPredictor.Scorer.Scoring;
using DaprPredictor.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddScoring();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapScoreApi();
app.Run();
