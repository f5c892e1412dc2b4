namespace TomDashboard.Brokers;

/// <summary>
/// Reads a response body through, keeping its first bytes, so a body that turns out not to be what the broker promised
/// can be quoted in the run's feedback without holding the whole body.
/// </summary>
public sealed class BodyStartStream(Stream inner, int keep) : Stream
{
    private readonly byte[] _start = new byte[keep];
    private int _kept;

    /// <summary>The first bytes read, as text.</summary>
    public string StartText => System.Text.Encoding.UTF8.GetString(_start, 0, _kept);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Keep(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    private int Keep(ReadOnlySpan<byte> read)
    {
        var room = Math.Min(_start.Length - _kept, read.Length);
        read[..room].CopyTo(_start.AsSpan(_kept));
        _kept += room;
        return read.Length;
    }
}
