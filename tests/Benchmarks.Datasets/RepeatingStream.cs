namespace Benchmarks.Datasets;

/// <summary>
/// A seekable read-only stream of <c>length</c> bytes cycling through a block, starting at an offset that differs
/// per file so files are not byte-identical.
/// </summary>
internal sealed class RepeatingStream(byte[] block, long length, int seed) : Stream
{
    private readonly int _start = (int)((uint)(seed * 7919) % (uint)block.Length);

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get; set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length && Position < length)
        {
            int at = (int)((_start + Position) % block.Length);
            int n = (int)Math.Min(Math.Min(buffer.Length - total, block.Length - at), length - Position);
            block.AsSpan(at, n).CopyTo(buffer[total..]);
            total += n;
            Position += n;
        }

        return total;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
