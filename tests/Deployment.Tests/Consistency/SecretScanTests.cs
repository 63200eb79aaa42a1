using DaprPredictor.Deployment.Tests.Checks;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Consistency;

public sealed class SecretScanTests
{
    [Fact]
    public void NoFileGitWouldCommitHoldsAPrivateKeyAPasswordOrAToken() =>
        Violations.AssertNone(SecretScan.Repository(RepositorySnapshot.Repository.RootDirectory));

    // The samples are put together at run time, so that this file does not hold what it describes.
    [Theory]
    [InlineData("k8s/x.yaml", "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEow...", "a private key")]
    [InlineData("docs/x.md", "-----BEGIN OPENSSH " + "PRIVATE KEY-----", "a private key")]
    [InlineData("components/x.yaml", "value: amqp://guest:" + "s3cr3tPass@rabbitmq:5672", "a password in a URL")]
    [InlineData("docs/x.md", "redis://default:" + "Zq8pL2x@redis:6379/0", "a password in a URL")]
    [InlineData("scripts/x.sh", "URL='daprpredictor:" + "Kx9-real@tcp(localhost:3306)/daprpredictor'", "a password in a Go DSN")]
    [InlineData("libs/X.cs", "\"Server=db;User Id=sa;Password=" + "Pa55word!;\"", "a password in a connection string")]
    [InlineData("libs/X.cs", "var key = \"AKIA" + "ABCDEFGHIJKLMNOP\";", "an AWS access key id")]
    [InlineData("docs/x.md", "ghp_" + "0123456789abcdefghijABCDEFGHIJ012345", "a GitHub token")]
    [InlineData("docs/x.md", "xoxb-" + "1234567890-abcdefghij", "a Slack token")]
    [InlineData("docs/x.md", "AIza" + "SyA1234567890abcdefghijklmnopqrstuv", "a Google API key")]
    [InlineData("tests/X.cs", "eyJhbGciOiJIUzI1NiJ9." + "eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "a JSON Web Token")]
    [InlineData("dapr.yaml", "      APP_API_TOKEN: " + "9f86d081884c7d659a2feaa0c55ad015", "a secret-named setting with a literal value")]
    [InlineData("components/x.env", "DAPRPREDICTOR_REDIS_PASSWORD=" + "q7Hf0aPzW3nX8sLk", "a secret-named setting with a literal value")]
    public void EachKindOfSecretIsFound(string path, string text, string what) =>
        Assert.Contains(SecretScan.Findings(path, text), f => f.EndsWith(what, StringComparison.Ordinal) && f.StartsWith(path + ":", StringComparison.Ordinal));

    [Theory]
    [InlineData("components/local-secrets.example.env", "DAPRPREDICTOR_PURCHASES_DB_URL='daprpredictor:change-me@tcp(localhost:3306)/daprpredictor'")]
    [InlineData("docs/deployment.md", "--from-literal=purchases-db-url=\"daprpredictor:$MYSQL_PASSWORD@tcp(mysql:3306)/daprpredictor\"")]
    [InlineData("k8s/dev-infra/mysql.yaml", "# be daprpredictor:<mysql-password>@tcp(mysql.daprpredictor.svc.cluster.local:3306)/daprpredictor.")]
    [InlineData("scripts/x.sh", "echo \"DAPR_MYSQL_URL=$user:$password@tcp(127.0.0.1:$port)/$database\"")]
    [InlineData("docs/x.md", "The DSN (user:password@tcp(host:3306)/db) is a secret")]
    [InlineData("k8s/x.yaml", "dapr.io/app-token-secret: daprpredictor-app-token")]
    [InlineData("docs/x.md", "kubectl create secret generic daprpredictor-app-token --from-literal=token=\"$(openssl rand -hex 32)\"")]
    [InlineData("libs/X.cs", "public const string EnvironmentVariable = \"APP_API_TOKEN\";")]
    public void PlaceholdersAndNamesOfSecretsAreNotFindings(string path, string text) =>
        Assert.Empty(SecretScan.Findings(path, text));
}
