using DaprPredictor.Deployment.Tests.Checks;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Consistency;

public sealed class ComponentTests
{
    private static RepositorySnapshot Repo => RepositorySnapshot.Repository;

    [Fact]
    public void EveryBrokerFolderDefinesExactlyOneComponentNamedPubsubAndNothingElse() => Violations.AssertNone(ComponentChecks.BrokerFolders(Repo));

    [Fact]
    public void TheCommonFolderDefinesEverythingButThePubsub() => Violations.AssertNone(ComponentChecks.CommonFolder(Repo));

    [Fact]
    public void NoYamlUnderComponentsDuplicatesAnother() => Violations.AssertNone(ComponentChecks.NoDuplicates(Repo));

    [Fact]
    public void DaprAndTyeLoadTheSameResourceFoldersAndTheSameConfiguration() => Violations.AssertNone(ComponentChecks.LaunchersLoadTheSameResources(Repo));

    [Fact]
    public void EveryComponentMetadataValueHasTheFormTheComponentReads() => Violations.AssertNone(ComponentChecks.MetadataValueTypes(Repo));

    [Fact]
    public void EveryEnvironmentHasTheTopologyComponentsWithTheRightTypes() => Violations.AssertNone(ComponentChecks.NamesAndTypes(Repo));

    [Fact]
    public void EveryPubsubAllowsTheTopologyTopicsAndEachAppOnlyItsOwn() => Violations.AssertNone(ComponentChecks.Topics(Repo));

    [Fact]
    public void EachAppLoadsExactlyTheComponentsItNeeds() => Violations.AssertNone(ComponentChecks.Scopes(Repo));

    [Fact]
    public void EverySecretReferenceResolvesFromAStoreTheSameSidecarLoads() => Violations.AssertNone(ComponentChecks.SecretStoresResolve(Repo));

    [Fact]
    public void NoSecretValueIsWrittenIntoAComponentOrAManifest() => Violations.AssertNone(SecretChecks.NoSecretValues(Repo));

    [Fact]
    public void TheExampleSecretsFileListsEverySecretTheLocalComponentsRead() => Violations.AssertNone(SecretChecks.ExampleSecretsFileIsComplete(Repo));

    [Fact]
    public void TheAppsCannotReadTheSecretStoresThroughTheSecretsApi() => Violations.AssertNone(SecretChecks.AppsCannotReadSecretStores(Repo));
}
