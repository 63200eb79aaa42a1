using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace DaprPredictor.Testing.Hostile;

/// <summary>
/// HTTP/1.1 written byte by byte on a real socket, for what an HttpClient refuses to send and TestServer never sees:
/// broken chunk framing, lengths that lie, bodies that trickle or stop, oversized headers.
/// </summary>
public static class RawHttp
{
    /// <summary>The answer as read off the socket; <see cref="Status"/> 0 when the server closed the connection without one.</summary>
    public sealed record Response(int Status, string ReasonPhrase, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public string? ContentType => Headers.TryGetValue("content-type", out var value) ? value : null;

        public override string ToString() => $"{Status} {ReasonPhrase} {ContentType} {Body}";
    }

    /// <summary>A request as pieces written in order, with a pause before each; optionally half-closed after the last.</summary>
    public sealed record Request(IReadOnlyList<(TimeSpan Pause, byte[] Bytes)> Pieces, bool HalfClose = false)
    {
        public static Request Of(byte[] bytes, bool halfClose = false) => new([(TimeSpan.Zero, bytes)], halfClose);
    }

    public static byte[] Head(string method, string path, IEnumerable<string> headers) =>
        Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n");

    /// <summary>A request with a correct Content-Length.</summary>
    public static byte[] Post(string path, byte[] body, string? contentType = "application/json", params string[] headers) =>
        [.. Head("POST", path, [.. contentType is null ? [] : new[] { "Content-Type: " + contentType }, "Content-Length: " + body.Length.ToString(CultureInfo.InvariantCulture), "Connection: close", .. headers]), .. body];

    /// <summary>One chunk of a chunked body, framed correctly.</summary>
    public static byte[] Chunk(byte[] data) => [.. Encoding.ASCII.GetBytes(data.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), .. data, .. "\r\n"u8];

    public static async Task<Response> SendAsync(Uri server, Request request, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server.Host, server.Port, cancel.Token);
        var stream = client.GetStream();
        try
        {
            foreach (var (pause, bytes) in request.Pieces)
            {
                if (pause > TimeSpan.Zero) await Task.Delay(pause, cancel.Token);
                await stream.WriteAsync(bytes, cancel.Token);
                await stream.FlushAsync(cancel.Token);
            }

            if (request.HalfClose) client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // The server may answer and close before the whole request is written (a 413 or 431 does): read its answer.
        }

        return await ReadResponseAsync(stream, cancel.Token);
    }

    private static async Task<Response> ReadResponseAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int headEnd;
        while ((headEnd = IndexOf(received.GetBuffer().AsSpan(0, (int)received.Length), "\r\n\r\n"u8)) < 0)
        {
            var read = await ReadAsync(stream, buffer, cancellationToken);
            if (read == 0 && received.Length == 0) return new Response(0, "closed without an answer", new Dictionary<string, string>(), "");
            if (read == 0) throw new IOException($"the connection closed after {received.Length} bytes, before a whole response head: '{Encoding.ASCII.GetString(received.ToArray())}'");
            received.Write(buffer, 0, read);
        }

        var head = Encoding.ASCII.GetString(received.GetBuffer(), 0, headEnd).Split("\r\n");
        var status = head[0].Split(' ', 3);
        var headers = head.Skip(1).Select(h => h.Split(':', 2)).ToDictionary(h => h[0].Trim().ToLowerInvariant(), h => h[1].Trim());
        var body = new MemoryStream();
        body.Write(received.GetBuffer(), headEnd + 4, (int)received.Length - headEnd - 4);
        if (headers.TryGetValue("content-length", out var length))
        {
            var expected = int.Parse(length, CultureInfo.InvariantCulture);
            while (body.Length < expected)
            {
                var read = await ReadAsync(stream, buffer, cancellationToken);
                if (read == 0) break;
                body.Write(buffer, 0, read);
            }
        }
        else if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (IndexOf(body.GetBuffer().AsSpan(0, (int)body.Length), "0\r\n\r\n"u8) < 0)
            {
                var read = await ReadAsync(stream, buffer, cancellationToken);
                if (read == 0) break;
                body.Write(buffer, 0, read);
            }

            body = new MemoryStream(Dechunk(body.ToArray()));
        }

        return new Response(int.Parse(status[1], CultureInfo.InvariantCulture), status.Length > 2 ? status[2] : "", headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    /// <summary>A reset after the server answered (it closes a connection whose request it refused) ends the answer.</summary>
    private static async Task<int> ReadAsync(NetworkStream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        var result = new MemoryStream();
        var at = 0;
        while (true)
        {
            var lineEnd = IndexOf(chunked.AsSpan(at), "\r\n"u8);
            if (lineEnd < 0) break;
            var size = int.Parse(Encoding.ASCII.GetString(chunked, at, lineEnd).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            at += lineEnd + 2;
            if (size == 0) break;
            result.Write(chunked, at, size);
            at += size + 2;
        }

        return result.ToArray();
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);
}
