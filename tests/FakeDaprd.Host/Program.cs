using System.Net;
using DaprPredictor.FakeDaprd.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

SidecarsOptions options;
try
{
    options = SidecarsOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    await Console.Error.WriteLineAsync(ex.Message);
    await Console.Error.WriteLineAsync(SidecarsOptions.Usage);
    return 2;
}

await using var sidecars = await SidecarSet.StartAsync(options, Console.Out);
var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args });
builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.ControlPort));
builder.Services.AddRouting();
builder.Services.AddLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning));
var control = builder.Build();
control.UseRouting();
control.MapStatsApi(sidecars);
await control.StartAsync();
Console.WriteLine($"control: http://127.0.0.1:{options.ControlPort}/fake/stats");
await ((IHost)control).WaitForShutdownAsync();
return 0;
