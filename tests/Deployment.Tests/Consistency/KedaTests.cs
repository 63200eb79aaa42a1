using DaprPredictor.Deployment.Tests.Checks;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Consistency;

public sealed class KedaTests
{
    private static RepositorySnapshot Repo => RepositorySnapshot.Repository;

    [Fact]
    public void TheScaledObjectMeasuresTheLagOfTheConsumerGroupItScalesAndStopsAtThePartitionCount() => Violations.AssertNone(KedaChecks.KafkaScalers(Repo));

    [Fact]
    public void AScalerWatchingAnotherConsumerGroupIsReported()
    {
        var edited = Repo.WithEdit("k8s/keda/feature-extractor-scaledobject.yaml", "consumerGroup: feature-extractor\n        topic: page-views", "consumerGroup: predictor\n        topic: page-views");

        Assert.Contains(KedaChecks.KafkaScalers(edited), p => p.Contains("consumerGroup 'predictor'", StringComparison.Ordinal));
    }

    [Fact]
    public void MoreReplicasThanPartitionsAreReported()
    {
        var edited = Repo.WithEdit("k8s/keda/feature-extractor-scaledobject.yaml", "maxReplicaCount: 6", "maxReplicaCount: 12");

        Assert.Contains(KedaChecks.KafkaScalers(edited), p => p.Contains("maxReplicaCount 12", StringComparison.Ordinal));
    }

    [Fact]
    public void ASubscribedTopicWithoutATriggerIsReported()
    {
        var edited = Repo.WithEdit("k8s/keda/feature-extractor-scaledobject.yaml", "topic: purchases", "topic: page-views");

        Assert.Contains(KedaChecks.KafkaScalers(edited), p => p.Contains("subscribes to 'purchases', which no kafka trigger measures", StringComparison.Ordinal));
    }
}
