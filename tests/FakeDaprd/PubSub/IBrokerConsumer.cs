namespace DaprPredictor.FakeDaprd.PubSub;

/// <summary>What a consumer group hands each message (or batch) of a partition to: daprd's subscription.</summary>
internal interface IBrokerConsumer
{
    /// <returns>True when the message is done with (acknowledged); false hands it back for the component's retry.</returns>
    Task<bool> ConsumeAsync(BrokerRecord record, CancellationToken cancellationToken);

    /// <returns>True when the batch is done with; false and the component retries the whole batch.</returns>
    Task<bool> ConsumeBatchAsync(IReadOnlyList<BrokerRecord> batch, CancellationToken cancellationToken);
}
