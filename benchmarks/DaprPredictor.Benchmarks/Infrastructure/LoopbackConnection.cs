using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DaprPredictor.Benchmarks.Infrastructure;

/// <summary>
/// One keep-alive HTTP/1.1 connection with blocking I/O, for load generation: requests are pre-formatted bytes and the
/// reader only finds the status and the end of the body (Content-Length or chunked). A dedicated thread blocked in
/// recv wakes as soon as the answer arrives, so the client adds little to the latency it measures.
/// </summary>
internal sealed class LoopbackConnection : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public LoopbackConnection(IPEndPoint endpoint)
    {
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket.Connect(endpoint);
    }

    public static byte[] PostJson(IPEndPoint endpoint, string path, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var head = Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {endpoint}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        return [.. head, .. body];
    }

    /// <summary>Sends one request and reads its whole response; returns the status code.</summary>
    public int Exchange(byte[] request)
    {
        var sent = 0;
        while (sent < request.Length) sent += _socket.Send(request, sent, request.Length - sent, SocketFlags.None);
        return ReadResponse();
    }

    public void Dispose() => _socket.Dispose();

    private int ReadResponse()
    {
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf(HeaderEnd)) < 0) Fill();
        var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd);
        _start += headerEnd + HeaderEnd.Length;

        var status = int.Parse(head.AsSpan(9, 3), provider: null);
        long? contentLength = null;
        var chunked = false;
        foreach (var line in head.Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var name = line.AsSpan(0, colon).Trim();
            var value = line.AsSpan(colon + 1).Trim();
            if (name.Equals("content-length", StringComparison.OrdinalIgnoreCase)) contentLength = long.Parse(value, provider: null);
            else if (name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase)) chunked = true;
        }

        if (chunked)
        {
            while (true)
            {
                var sizeLine = ReadLine();
                var semicolon = sizeLine.IndexOf(';', StringComparison.Ordinal);
                var size = Convert.ToInt64((semicolon < 0 ? sizeLine : sizeLine[..semicolon]).Trim(), 16);
                if (size == 0)
                {
                    while (ReadLine().Length > 0)
                    {
                        // trailers, if any
                    }

                    break;
                }

                Skip(size);
                ReadLine();
            }
        }
        else if (contentLength is { } length)
        {
            Skip(length);
        }

        return status;
    }

    private string ReadLine()
    {
        int end;
        while ((end = _buffer.AsSpan(_start, _end - _start).IndexOf(LineEnd)) < 0) Fill();
        var line = Encoding.ASCII.GetString(_buffer, _start, end);
        _start += end + LineEnd.Length;
        return line;
    }

    private void Skip(long count)
    {
        while (count > 0)
        {
            if (_start == _end) Fill();
            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    private void Fill()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        if (read == 0) throw new IOException("The server closed the connection.");
        _end += read;
    }
}
