using DaprPredictor.OfflineFeatures;
using DaprPredictor.OfflineFeatures.UserFeatures;
using DaprPredictor.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOfflineFeatures();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOfflineFeaturesApi();
app.Run();
