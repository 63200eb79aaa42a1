using DaprPredictor.Contracts;
using DaprPredictor.Dapr;
using DaprPredictor.FeatureExtractor;
using DaprPredictor.FeatureExtractor.Subscriptions;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.ServiceDefaults;

var builder = ServiceDefaultsExtensions.CreateBuilder(args);
builder.AddServiceDefaults(ContractsJsonContext.Default);
builder.AddDaprSidecar();
builder.AddFeatureExtraction();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseCloudEvents();
app.MapSubscribeHandler();
app.MapPageViewSubscription();
app.MapPurchaseSubscription();
app.MapPredictionsApi();
return app.RunValidated();
