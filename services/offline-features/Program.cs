using DaprPredictor.Contracts;
using DaprPredictor.Dapr;
using DaprPredictor.OfflineFeatures;
using DaprPredictor.OfflineFeatures.UserFeatures;
using DaprPredictor.ServiceDefaults;

var builder = ServiceDefaultsExtensions.CreateBuilder(args);
builder.ListenOnLocalhostUnlessConfigured(Topology.OfflineFeaturesPort);
builder.AddServiceDefaults(ContractsJsonContext.Default);
builder.AddDaprSidecar();
builder.Services.AddOfflineFeatures();

if (builder.BuildValidated() is not { } app) return StartupValidation.ExitCode;
app.MapDefaultEndpoints();
app.MapOfflineFeaturesApi();
app.Run();
return 0;
