using DaprPredictor.FeatureExtractor.Extraction;
using DaprPredictor.FeatureExtractor.Subscriptions;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFeatureExtraction();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseCloudEvents();
app.MapSubscribeHandler();
app.MapPageViewSubscription();
app.MapPredictionsApi();
app.Run();
