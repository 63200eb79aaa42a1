using DaprPredictor.Testing;

namespace DaprPredictor.OfflineFeatures.Tests;

/// <summary>The built service with one setting that cannot work: one line naming it, exit 78, no stack trace.</summary>
public class InvalidConfigurationTests
{
    private static readonly string Service = ServiceProcess.BuiltAssembly("offline-features", "DaprPredictor.OfflineFeatures");

    [Theory]
    [InlineData("DAPR_HTTP_PORT", "99999", "DAPR_HTTP_PORT")]
    [InlineData("DAPR_GRPC_PORT", "abc", "DAPR_GRPC_PORT")]
    [InlineData("DAPR_GRPC_ENDPOINT", "ftp://127.0.0.1:50001", "DAPR_GRPC_ENDPOINT")]
    [InlineData("OfflineFeatures__CacheTtl", "2.00:00:00", "OfflineFeatures:CacheTtl")]
    [InlineData("OfflineFeatures__CacheTtl", "five minutes", "OfflineFeatures:CacheTtl")]
    [InlineData("OfflineFeatures__MaxBatchPairs", "0", "OfflineFeatures:MaxBatchPairs")]
    [InlineData("OfflineFeatures__MaxBatchPairs", "5000", "OfflineFeatures:MaxBatchPairs")]
    [InlineData("OfflineStore__MaxQueryPairs", "0", "OfflineStore:MaxQueryPairs")]
    [InlineData("OfflineStore__MaxQueryPairs", "1001", "OfflineStore:MaxQueryPairs")]
    [InlineData("Cleaning__MaxIdLength", "100000", "Cleaning:MaxIdLength")]
    [InlineData("URLS", "ftp://127.0.0.1:5200", "Urls")]
    [InlineData("APP_API_TOKEN", " s3cret", "APP_API_TOKEN")]
    public Task ASettingThatCannotWorkStopsTheServiceWithOneLineNamingIt(string variable, string value, string named) =>
        ServiceProcess.AssertRefusesToStartAsync(Service, variable, value, named);
}
