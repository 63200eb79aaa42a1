using DaprPredictor.Contracts;
using DaprPredictor.Dapr;
using DaprPredictor.FeatureExtractor;
using DaprPredictor.FeatureExtractor.Subscriptions;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.ServiceDefaults;

var builder = ServiceDefaultsExtensions.CreateBuilder(args);
builder.ListenOnLocalhostUnlessConfigured(Topology.FeatureExtractorPort);
builder.AddServiceDefaults(ContractsJsonContext.Default);
builder.AddDaprSidecar();
builder.AddFeatureExtraction();

if (builder.BuildValidated() is not { } app) return StartupValidation.ExitCode;
app.MapDefaultEndpoints();

// No UseCloudEvents(): the subscription routes read the envelope themselves (CloudEventReader), so that one that cannot
// be read is dropped with a reason instead of failing in the middleware with an error daprd would redeliver forever.
app.MapSubscribeHandler();
app.MapPageViewSubscription();
app.MapPurchaseSubscription();
app.MapPredictionsApi();
app.Run();
return 0;
