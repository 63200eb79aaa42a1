using DaprPredictor.Contracts;
using DaprPredictor.Dapr;
using DaprPredictor.OfflineFeatures;
using DaprPredictor.OfflineFeatures.UserFeatures;
using DaprPredictor.ServiceDefaults;

var builder = ServiceDefaultsExtensions.CreateBuilder(args);
builder.AddServiceDefaults(ContractsJsonContext.Default);
builder.AddDaprSidecar();
builder.Services.AddOfflineFeatures();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOfflineFeaturesApi();
return app.RunValidated();
