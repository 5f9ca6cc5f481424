using System.Globalization;
using System.Text;

namespace Sandbox.Datasets.Context;

/// <summary>
/// Writes the build-context tar. Hand-written rather than <see cref="System.Formats.Tar.TarWriter"/> because every
/// header field must be fixed (owner 0:0, fixed modes and time, no user or group names, no access or change times)
/// for the same dataset to give the same bytes, and because content must stream from a source whose length is
/// only declared: TarWriter wants a seekable data stream or buffers it. Headers are POSIX ustar; a path that does
/// not fit ustar's name and prefix fields, or a size beyond its 8 GiB, gets a PAX extended header first.
/// </summary>
internal sealed class BuildContextTarWriter(Stream output)
{
    public const int FileMode = 0x1A4; // 0644: the notebook user is not root and must read the files.
    public const int DirectoryMode = 0x1ED; // 0755

    /// <summary>The modification time of every entry: a constant so the context does not depend on when it was made.</summary>
    public static readonly DateTimeOffset Timestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const int BlockSize = 512;
    private const int NameLength = 100;
    private const int PrefixLength = 155;
    private const long MaxUstarSize = 0x1FFFFFFFF; // 11 octal digits

    private readonly byte[] _header = new byte[BlockSize];
    private readonly byte[] _zeros = new byte[BlockSize * 2];

    public Task WriteDirectoryAsync(string path, CancellationToken cancellationToken) =>
        WriteHeaderAsync(path.EndsWith('/') ? path : path + "/", (byte)'5', DirectoryMode, 0, cancellationToken);

    public Task BeginFileAsync(string path, long size, CancellationToken cancellationToken) =>
        WriteHeaderAsync(path, (byte)'0', FileMode, size, cancellationToken);

    public ValueTask WriteContentAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        output.WriteAsync(content, cancellationToken);

    /// <summary>Pads the file of <paramref name="size"/> bytes just written to a whole block.</summary>
    public ValueTask EndFileAsync(long size, CancellationToken cancellationToken)
    {
        int padding = (int)((BlockSize - (size % BlockSize)) % BlockSize);
        return output.WriteAsync(_zeros.AsMemory(0, padding), cancellationToken);
    }

    public async Task WriteFileAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        await BeginFileAsync(path, content.Length, cancellationToken).ConfigureAwait(false);
        await WriteContentAsync(content, cancellationToken).ConfigureAwait(false);
        await EndFileAsync(content.Length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the end-of-archive marker (two zero blocks) and flushes. The output stays open.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await output.WriteAsync(_zeros, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteHeaderAsync(string path, byte type, int mode, long size, CancellationToken cancellationToken)
    {
        byte[] pathBytes = Encoding.UTF8.GetBytes(path);
        bool fitsUstar = TrySplitUstarPath(pathBytes, out int split);
        if (!fitsUstar || size > MaxUstarSize)
        {
            await WritePaxHeaderAsync(fitsUstar ? null : path, size > MaxUstarSize ? size : null, cancellationToken).ConfigureAwait(false);
        }

        Array.Clear(_header);
        if (fitsUstar)
        {
            pathBytes.AsSpan(split == 0 ? 0 : split + 1).CopyTo(_header);
            pathBytes.AsSpan(0, split).CopyTo(_header.AsSpan(345));
        }
        else
        {
            // Readers take the PAX path; the name field keeps a readable stand-in.
            Encoding.ASCII.GetBytes("pax-long-name").CopyTo(_header, 0);
        }

        FillCommonFields(type, mode, Math.Min(size, MaxUstarSize));
        await output.WriteAsync(_header, cancellationToken).ConfigureAwait(false);
    }

    private async Task WritePaxHeaderAsync(string? path, long? size, CancellationToken cancellationToken)
    {
        var records = new StringBuilder();
        if (path is not null)
        {
            records.Append(PaxRecord("path", path));
        }

        if (size is long large)
        {
            records.Append(PaxRecord("size", large.ToString(CultureInfo.InvariantCulture)));
        }

        byte[] data = Encoding.UTF8.GetBytes(records.ToString());
        Array.Clear(_header);
        Encoding.ASCII.GetBytes("PaxHeader").CopyTo(_header, 0);
        FillCommonFields((byte)'x', FileMode, data.Length);
        await output.WriteAsync(_header, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        await EndFileAsync(data.Length, cancellationToken).ConfigureAwait(false);
    }

    // A PAX record is "<length> <key>=<value>\n" where length counts the whole record, its own digits included.
    private static string PaxRecord(string key, string value)
    {
        int body = Encoding.UTF8.GetByteCount($" {key}={value}\n");
        int length = body + 1;
        while (length.ToString(CultureInfo.InvariantCulture).Length + body != length)
        {
            length++;
        }

        return $"{length.ToString(CultureInfo.InvariantCulture)} {key}={value}\n";
    }

    // ustar keeps up to 100 bytes in name and 155 in prefix, split at a '/': prefix + "/" + name.
    private static bool TrySplitUstarPath(byte[] path, out int split)
    {
        split = 0;
        if (path.Length <= NameLength)
        {
            return true;
        }

        // The last byte may be the '/' of a directory; a split there would leave the name empty.
        for (int at = path.Length - 2; at > 0; at--)
        {
            if (path[at] == (byte)'/' && at <= PrefixLength && path.Length - at - 1 <= NameLength)
            {
                split = at;
                return true;
            }
        }

        return false;
    }

    private void FillCommonFields(byte type, int mode, long size)
    {
        WriteOctal(100, 8, mode);
        WriteOctal(108, 8, 0); // uid
        WriteOctal(116, 8, 0); // gid
        WriteOctal(124, 12, size);
        WriteOctal(136, 12, Timestamp.ToUnixTimeSeconds());
        _header[156] = type;
        Encoding.ASCII.GetBytes("ustar\0").CopyTo(_header, 257);
        Encoding.ASCII.GetBytes("00").CopyTo(_header, 263);

        // The checksum is taken with its own field read as spaces, then written as six digits, NUL, space.
        "        "u8.CopyTo(_header.AsSpan(148));
        int checksum = 0;
        foreach (byte b in _header)
        {
            checksum += b;
        }

        WriteOctal(148, 7, checksum);
        _header[155] = (byte)' ';
    }

    // Zero-padded octal filling the field but its last byte, which stays NUL.
    private void WriteOctal(int offset, int length, long value)
    {
        string digits = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Encoding.ASCII.GetBytes(digits).CopyTo(_header, offset);
        _header[offset + length - 1] = 0;
    }
}
