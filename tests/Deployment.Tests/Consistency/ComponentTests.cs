using DaprPredictor.Deployment.Tests.Checks;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Consistency;

public sealed class ComponentTests
{
    private static RepositorySnapshot Repo => RepositorySnapshot.Repository;

    [Fact]
    public void Every_broker_folder_defines_exactly_one_component_named_pubsub_and_nothing_else() => Violations.AssertNone(ComponentChecks.BrokerFolders(Repo));

    [Fact]
    public void The_common_folder_defines_everything_but_the_pubsub() => Violations.AssertNone(ComponentChecks.CommonFolder(Repo));

    [Fact]
    public void No_yaml_under_components_duplicates_another() => Violations.AssertNone(ComponentChecks.NoDuplicates(Repo));

    [Fact]
    public void Dapr_and_tye_load_the_same_resource_folders_and_the_same_configuration() => Violations.AssertNone(ComponentChecks.LaunchersLoadTheSameResources(Repo));

    [Fact]
    public void Every_environment_has_the_Topology_components_with_the_right_types() => Violations.AssertNone(ComponentChecks.NamesAndTypes(Repo));

    [Fact]
    public void Every_pubsub_allows_the_Topology_topics_and_each_app_only_its_own() => Violations.AssertNone(ComponentChecks.Topics(Repo));

    [Fact]
    public void Each_app_loads_exactly_the_components_it_needs() => Violations.AssertNone(ComponentChecks.Scopes(Repo));

    [Fact]
    public void Every_secret_reference_resolves_from_a_store_the_same_sidecar_loads() => Violations.AssertNone(ComponentChecks.SecretStoresResolve(Repo));

    [Fact]
    public void No_secret_value_is_written_into_a_component_or_a_manifest() => Violations.AssertNone(SecretChecks.NoSecretValues(Repo));

    [Fact]
    public void The_example_secrets_file_lists_every_secret_the_local_components_read() => Violations.AssertNone(SecretChecks.ExampleSecretsFileIsComplete(Repo));

    [Fact]
    public void The_apps_cannot_read_the_secret_stores_through_the_secrets_api() => Violations.AssertNone(SecretChecks.AppsCannotReadSecretStores(Repo));
}
