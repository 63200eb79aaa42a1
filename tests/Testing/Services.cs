using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace DaprPredictor.Testing;

public static class TestServices
{
    private static readonly ServiceProvider Provider = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public static IMeterFactory MeterFactory => Provider.GetRequiredService<IMeterFactory>();
}
