using System.Globalization;
using System.Text.Json;
using Dapr.Client;
using MySqlConnector;

namespace DaprPredictor.FakeDaprd.Bindings;

/// <summary>
/// Answers a binding request the way Dapr's <c>bindings.mysql</c> does (components-contrib bindings/mysql, go-sql-driver
/// with parseTime): it runs the request's own <c>sql</c> with its <c>params</c> (a JSON array; strings stay strings) as a
/// server-side prepared statement, and writes the rows as a JSON array of objects keyed by column name, keys sorted as
/// Go sorts map keys: integers as numbers, CHAR/VARCHAR/TEXT as strings, DATETIME as RFC 3339 with the fraction's
/// trailing zeros dropped (Go's RFC3339Nano in UTC), NULL columns left out, and <c>null</c> for no rows. A DECIMAL
/// column depends on the Dapr version (<see cref="MySqlBindingVersion"/>): its exact text in a string from Dapr 1.17
/// (go-sql-driver 1.8 scans it as a string), base64 of that text on Dapr 1.14–1.16 (go-sql-driver 1.7.1 scans it into
/// sql.RawBytes, which bindings/mysql/mysql.go converts to text only for CHAR/VARCHAR/TEXT columns, so encoding/json
/// writes the []byte as base64). It stands behind the fake daprd's InvokeBinding (<see cref="Daprd.OnBinding"/>), so a
/// query error becomes daprd's ERR_INVOKE_OUTPUT_BINDING, as a driver error does in Dapr.
/// </summary>
public sealed class MySqlBindingEmulator(string connectionString, MySqlBindingVersion version = MySqlBindingVersion.Dapr117AndLater)
{
    private int _queries;

    public int Queries => Volatile.Read(ref _queries);

    /// <summary>A request built with the SDK's types, answered without going through a sidecar.</summary>
    public ReadOnlyMemory<byte> Answer(BindingRequest request) =>
        Answer(new BindingCall(request.BindingName, request.Operation, request.Data, request.Metadata));

    public ReadOnlyMemory<byte> Answer(BindingCall request)
    {
        if (request.Operation != "query") throw new InvalidOperationException($"The emulator answers 'query', not '{request.Operation}'.");
        if (!request.Metadata.TryGetValue("sql", out var sql) || sql.Length == 0) throw new InvalidOperationException("required metadata not set: sql");

        using var connection = new MySqlConnection(connectionString);
        connection.Open();
        using var command = new MySqlCommand(sql, connection);
        if (request.Metadata.TryGetValue("params", out var parameters) && parameters.Length > 0)
        {
            using var json = JsonDocument.Parse(parameters);
            foreach (var value in json.RootElement.EnumerateArray())
            {
                command.Parameters.Add(new MySqlParameter { Value = ToGoValue(value) });
            }
        }

        command.Prepare();
        using var reader = command.ExecuteReader();
        Interlocked.Increment(ref _queries);
        var order = Enumerable.Range(0, reader.FieldCount).OrderBy(reader.GetName, StringComparer.Ordinal).ToArray();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var rows = 0;
            while (reader.Read())
            {
                if (rows++ == 0) writer.WriteStartArray();
                writer.WriteStartObject();
                foreach (var i in order)
                {
                    if (reader.IsDBNull(i)) continue;
                    writer.WritePropertyName(reader.GetName(i));
                    WriteValue(writer, reader.GetValue(i), version);
                }

                writer.WriteEndObject();
            }

            if (rows == 0) writer.WriteNullValue();
            else writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>encoding/json unmarshals a JSON array into []any: strings, float64 numbers, bools, nil.</summary>
    private static object ToGoValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => DBNull.Value,
        _ => throw new InvalidOperationException($"params may only hold scalars, got {value.ValueKind}"),
    };

    private static void WriteValue(Utf8JsonWriter writer, object value, MySqlBindingVersion version)
    {
        switch (value)
        {
            case decimal d when version == MySqlBindingVersion.Dapr114To116: writer.WriteBase64StringValue(System.Text.Encoding.ASCII.GetBytes(d.ToString(CultureInfo.InvariantCulture))); break;
            case decimal d: writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); break;
            case DateTime t: writer.WriteStringValue(GoRfc3339Nano(t)); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteNumberValue(b ? 1 : 0); break; // TINYINT(1) is a number to the Go driver
            case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
            case float f: writer.WriteNumberValue(f); break;
            case double x: writer.WriteNumberValue(x); break;
            case long or int or short or sbyte or byte or ushort or uint: writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong u: writer.WriteNumberValue(u); break;
            default: throw new InvalidOperationException($"The emulator does not render {value.GetType()}.");
        }
    }

    private static string GoRfc3339Nano(DateTime value)
    {
        var fraction = value.ToString(".fffffff", CultureInfo.InvariantCulture).TrimEnd('0');
        return value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (fraction == "." ? "" : fraction) + "Z";
    }
}

/// <summary>The Dapr version ranges whose MySQL binding renders a column differently (see <see cref="MySqlBindingEmulator"/>).</summary>
public enum MySqlBindingVersion
{
    /// <summary>Dapr 1.14–1.16: components-contrib with go-sql-driver 1.7.1; a DECIMAL is base64 of its digits.</summary>
    Dapr114To116,

    /// <summary>Dapr 1.17 and later (read against 1.18): go-sql-driver 1.8; a DECIMAL is a string of its digits.</summary>
    Dapr117AndLater,
}
