using Microsoft.AspNetCore.Http;

namespace DaprPredictor.ServiceDefaults;

/// <summary>A request body that fails as Kestrel's does once more than <c>limit</c> bytes are declared or read.</summary>
internal sealed class LimitedRequestStream(Stream inner, long limit, long? declared) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, Allowed(count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>One byte past the limit is asked for, so that a body exactly at the limit still reads to its end.</summary>
    private int Allowed(int count)
    {
        if (declared > limit) throw TooLarge();
        return (int)Math.Min(count, limit - _read + 1);
    }

    private int Count(int read)
    {
        _read += read;
        if (_read > limit) throw TooLarge();
        return read;
    }

    private BadHttpRequestException TooLarge() =>
        new($"Request body too large. The max request body size is {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
}
