using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Sandbox.Datasets.Oci;

/// <summary>
/// Writes one gzip member (RFC 1952) whose header never varies: no file name, no time, OS "unknown". GZipStream
/// leaves the header to the zlib it was built with (the OS byte and the extra flags differ between builds), and a
/// layer's digest must not depend on where it was made. Call <see cref="FinishAsync"/> to write the trailer.
/// </summary>
internal sealed class FixedHeaderGzipStream : Stream
{
    // ID1 ID2, CM deflate, FLG none, MTIME 0, XFL 0, OS 255 (unknown).
    private static readonly byte[] Header = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF];

    private readonly Stream _output;
    private readonly DeflateStream _deflate;
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _headerWritten;

    public FixedHeaderGzipStream(Stream output, CompressionLevel level)
    {
        _output = output;
        _deflate = new DeflateStream(output, level, leaveOpen: true);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!_headerWritten)
        {
            _output.Write(Header);
            _headerWritten = true;
        }

        _crc.Append(buffer);
        _length += buffer.Length;
        _deflate.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_headerWritten)
        {
            await _output.WriteAsync(Header, cancellationToken).ConfigureAwait(false);
            _headerWritten = true;
        }

        _crc.Append(buffer.Span);
        _length += buffer.Length;
        await _deflate.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the compressed data and writes the trailer (CRC-32 and length modulo 2^32, little-endian).</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (!_headerWritten)
        {
            await _output.WriteAsync(Header, cancellationToken).ConfigureAwait(false);
            _headerWritten = true;
        }

        await _deflate.DisposeAsync().ConfigureAwait(false);
        byte[] trailer = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, _crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), unchecked((uint)_length));
        await _output.WriteAsync(trailer, cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Flush()
    {
        // Flushing the deflater mid-stream would add sync blocks and change the bytes: only FinishAsync ends it.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _deflate.Dispose();
        }

        base.Dispose(disposing);
    }
}
