namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>What a Dapr-path session does: its modes, rates, lengths and repetitions, the model and MariaDB it uses, its ports.</summary>
internal sealed record DaprPathOptions
{
    /// <summary>The first rig's ports; each further mode's rig takes the next thousand.</summary>
    public required PortPlan Ports { get; init; }

    /// <summary>One rig per mode, all started before the first run; a rate's runs alternate between them.</summary>
    public IReadOnlyList<PipelineMode> Modes { get; init; } = [PipelineMode.Single];

    /// <summary>Arrival rates (events/s), in order, each measured <see cref="Runs"/> times per mode.</summary>
    public IReadOnlyList<double> Rates { get; init; } = [250, 500, 1000, 2000];

    public int Seconds { get; init; } = 60;

    /// <summary>A warm-up per rig before the first measured run, at the first rate.</summary>
    public int WarmupSeconds { get; init; } = 30;

    /// <summary>Skip a mode's higher rates once it ends less than 80 % of the arrival rate (its backlog only grows).</summary>
    public bool StopWhenSaturated { get; init; } = true;

    public int Runs { get; init; } = 3;

    /// <summary>Users the model is trained on when <see cref="ModelDirectory"/> has none (the training CLI's --users).</summary>
    public int TrainingUsers { get; init; } = 100_000;

    public string ModelDirectory { get; init; } = Path.Combine(Infrastructure.BenchmarkModel.RepositoryRoot, "out", "loadrig", "model");

    public string MariaDbDirectory { get; init; } = Path.Combine(Infrastructure.BenchmarkModel.RepositoryRoot, "out", "loadrig", "mariadb");

    /// <summary>Delete MariaDB's data directory at the end (a test's temporary one); otherwise the next session reuses it.</summary>
    public bool RemoveMariaDb { get; init; }

    /// <summary>Partitions per topic in the fake broker (Kafka's, k8s/dev-infra/kafka.yaml: 6).</summary>
    public int Partitions { get; init; } = 6;

    /// <summary>Redelivered and broken page views in the feed (the synthetic shop's defaults: 1 % and 0.5 %).</summary>
    public Synthetic.NoiseOptions Noise { get; init; } = new();

    /// <summary>How long after the last publish a run waits for every event to end.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(3);
}
