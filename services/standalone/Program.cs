using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.ServiceDefaults;
using DaprPredictor.Standalone.Events;
using DaprPredictor.Standalone.Hosting;

if (StandaloneCommand.Parse(args, out var exitCode) is not { } command) return exitCode;

var builder = ServiceDefaultsExtensions.CreateBuilder(command.HostArgs);
StandaloneRun.Configure(builder, command);
builder.AddStandalone();

if (builder.BuildValidated() is not { } app) return StartupValidation.ExitCode;
app.MapDefaultEndpoints();
app.MapPredictionsApi();
app.MapEventsApi();
return await StandaloneRun.RunAsync(app, command);
