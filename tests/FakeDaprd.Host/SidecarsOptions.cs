using System.Globalization;
using DaprPredictor.FakeDaprd.PubSub;

namespace DaprPredictor.FakeDaprd.Host;

/// <summary>The command line: the sidecars, the control port, the broker's partitions, and where the MySQL binding's queries go.</summary>
internal sealed record SidecarsOptions(IReadOnlyList<SidecarSpec> Sidecars, int ControlPort, int Partitions, string? MySqlConnectionString)
{
    public const string Usage = """
        Fake daprd sidecars for several apps in one process (Dapr's gRPC API, the HTTP invoke route, pub/sub delivery), sharing
        one Kafka-like broker and one Redis-like state store, with the purchases-db MySQL binding answered by MariaDB.

          --app ID:HTTP_PORT:GRPC_PORT[:APP_PORT]   a sidecar (repeat per app); the app gets DAPR_HTTP_PORT / DAPR_GRPC_PORT
          --control-port PORT                       GET /fake/stats (calls per sidecar and method, deliveries, broker) and
                                                    GET /fake/ready (200 once every app with a port has been asked for its
                                                    subscriptions); default 3599
          --partitions N                            partitions per topic (delivery concurrency per subscription); default 6
          --mysql CONNECTION_STRING                 answer the purchases-db binding's queries on this MariaDB/MySQL
                                                    (MySqlConnector syntax); without it the binding fails
        """;

    public static SidecarsOptions Parse(string[] args)
    {
        var sidecars = new List<SidecarSpec>();
        int controlPort = 3599, partitions = new BrokerOptions().Partitions;
        string? mysql = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--app": sidecars.Add(SidecarSpec.Parse(value)); break;
                case "--control-port": controlPort = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--partitions": partitions = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--mysql": mysql = value; break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }

            i++;
        }

        if (sidecars.Count == 0) throw new ArgumentException("Give at least one --app.");
        if (sidecars.Select(s => s.AppId).Distinct(StringComparer.Ordinal).Count() != sidecars.Count) throw new ArgumentException("Each --app needs its own id.");
        return new SidecarsOptions(sidecars, controlPort, partitions, mysql);
    }
}
