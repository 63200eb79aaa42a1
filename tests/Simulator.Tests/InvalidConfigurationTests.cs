using DaprPredictor.Simulator.Simulation;
using DaprPredictor.Testing;

namespace DaprPredictor.Simulator.Tests;

/// <summary>
/// The built simulator with a setting that cannot work. Dapr's variables are read by the SDK, which failed with an
/// unhandled FormatException or ArgumentOutOfRangeException naming no variable; arguments are System.CommandLine's.
/// </summary>
public class InvalidConfigurationTests
{
    private static readonly string Simulator = ServiceProcess.BuiltAssembly("simulator", "DaprPredictor.Simulator");

    [Theory]
    [InlineData("DAPR_GRPC_PORT", "abc")]
    [InlineData("DAPR_GRPC_PORT", "99999")]
    [InlineData("DAPR_HTTP_PORT", "0")]
    [InlineData("DAPR_GRPC_ENDPOINT", "ftp://127.0.0.1:50001")]
    [InlineData("DAPR_HTTP_ENDPOINT", "127.0.0.1:3500")]
    public async Task ABadDaprVariableStopsTheSimulatorWithOneLineNamingIt(string variable, string value)
    {
        var exit = await ServiceProcess.RunAsync(Simulator, new Dictionary<string, string> { [variable] = value }, ["--synthetic", "5", "--wait-seconds", "1"], TimeSpan.FromSeconds(30));

        Assert.Equal(SimulationRunner.InvalidConfigurationExitCode, exit.Code);
        ServiceProcess.AssertRefused(exit, variable, $"{variable}={value}");
    }

    [Theory]
    [InlineData("--days", "99")]
    [InlineData("--rate", "-1")]
    [InlineData("--max-pending", "0")]
    [InlineData("--synthetic", "lots")]
    public async Task ABadArgumentStopsTheSimulatorNamingIt(string option, string value)
    {
        var exit = await ServiceProcess.RunAsync(Simulator, new Dictionary<string, string>(), [option, value], TimeSpan.FromSeconds(30));

        Assert.False(exit.TimedOut, exit.ToString());
        Assert.NotEqual(0, exit.Code);
        Assert.Contains(exit.ErrorLines, line => line.Contains(option, StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", exit.Error, StringComparison.Ordinal);
    }
}
