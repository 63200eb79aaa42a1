using DaprPredictor.Testing;

namespace DaprPredictor.FeatureExtractor.Tests;

/// <summary>
/// The built service, started as an operator starts it, with one setting that cannot work: it must not start (a
/// sidecar port of 99999 used to start healthy and fail every call later), and must say which setting is wrong in one
/// line and exit 78, not 134 with a stack trace.
/// </summary>
public class InvalidConfigurationTests
{
    private static readonly string Service = ServiceProcess.BuiltAssembly("feature-extractor", "DaprPredictor.FeatureExtractor");

    [Theory]
    [InlineData("DAPR_HTTP_PORT", "99999", "DAPR_HTTP_PORT")]
    [InlineData("DAPR_HTTP_PORT", "abc", "DAPR_HTTP_PORT")]
    [InlineData("DAPR_GRPC_PORT", "0", "DAPR_GRPC_PORT")]
    [InlineData("DAPR_GRPC_PORT", "-50001", "DAPR_GRPC_PORT")]
    [InlineData("DAPR_HTTP_ENDPOINT", "localhost:3500", "DAPR_HTTP_ENDPOINT")]
    [InlineData("DAPR_GRPC_ENDPOINT", "ftp://127.0.0.1:50001", "DAPR_GRPC_ENDPOINT")]
    [InlineData("Dapr__GrpcEndpoint", "http://127.0.0.1:99999", "Dapr:GrpcEndpoint")]
    [InlineData("Dapr__InvocationTimeout", "00:00:00", "Dapr:InvocationTimeout")]
    [InlineData("Pipeline__OfflineFeaturesTimeout", "-00:00:01", "Pipeline:OfflineFeaturesTimeout")]
    [InlineData("Pipeline__MaxConflictRetries", "ten", "Pipeline:MaxConflictRetries")]
    [InlineData("Window__SessionTimeout", "00:00:10", "Window:SessionTimeout")]
    [InlineData("Cleaning__MaxIdLength", "0", "Cleaning:MaxIdLength")]
    [InlineData("Grading__WindowSize", "-1", "Grading:WindowSize")]
    [InlineData("PageViews__Bulk__MaxMessagesCount", "1025", "PageViews:Bulk:MaxMessagesCount")]
    [InlineData("PageViews__Bulk__MaxAwaitDurationMs", "0", "PageViews:Bulk:MaxAwaitDurationMs")]
    [InlineData("PageViews__Bulk__Enabled", "yes", "PageViews:Bulk:Enabled")]
    [InlineData("URLS", "http://127.0.0.1:99999", "Urls")]
    [InlineData("APP_API_TOKEN", "s3cret\n", "APP_API_TOKEN")]
    public Task ASettingThatCannotWorkStopsTheServiceWithOneLineNamingIt(string variable, string value, string named) =>
        ServiceProcess.AssertRefusesToStartAsync(Service, variable, value, named);
}
