using System.Buffers.Binary;

namespace Sandbox.Datasets.Archives;

/// <summary>
/// Reads how many entries a zip claims from its end-of-central-directory record (zip64 too), before
/// <see cref="System.IO.Compression.ZipArchive"/> builds an object per entry: a zip of a million empty entries
/// is refused for its count without that cost. A zip without the record was cut short.
/// </summary>
internal static class ZipEndRecordProbe
{
    private const int EndRecordLength = 22;
    private const int MaxCommentLength = ushort.MaxValue;
    private const uint EndRecordSignature = 0x06054B50;
    private const uint Zip64LocatorSignature = 0x07064B50;
    private const uint Zip64EndRecordSignature = 0x06064B50;
    private const int Zip64LocatorLength = 20;
    private const int Zip64EndRecordLength = 56;

    /// <summary>
    /// The number of entries the zip claims, or null when it has no end record. The zip fills
    /// <paramref name="archive"/> from offset 0 (offsets inside a zip are absolute). Restores the position.
    /// </summary>
    public static async Task<long?> ReadEntryCountAsync(Stream archive, CancellationToken cancellationToken)
    {
        long start = archive.Position;
        try
        {
            // 1. The end record sits in the last 22 bytes plus at most a 64 KiB comment; search backwards.
            int tailLength = (int)Math.Min(archive.Length, EndRecordLength + MaxCommentLength);
            byte[] tail = new byte[tailLength];
            archive.Position = archive.Length - tailLength;
            await archive.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);

            for (int at = tailLength - EndRecordLength; at >= 0; at--)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != EndRecordSignature)
                {
                    continue;
                }

                // 2. 0xFFFF entries means "see the zip64 end record", found through the locator just before.
                ushort entries = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
                if (entries != ushort.MaxValue || at < Zip64LocatorLength
                    || BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at - Zip64LocatorLength)) != Zip64LocatorSignature)
                {
                    return entries;
                }

                return await ReadZip64EntryCountAsync(archive, tail.AsSpan(at - Zip64LocatorLength + 8, 8).ToArray(), cancellationToken).ConfigureAwait(false)
                    ?? entries;
            }

            return null;
        }
        finally
        {
            archive.Position = start;
        }
    }

    private static async Task<long?> ReadZip64EntryCountAsync(Stream archive, byte[] offsetBytes, CancellationToken cancellationToken)
    {
        ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(offsetBytes);
        if (offset > (ulong)(archive.Length - Zip64EndRecordLength))
        {
            return null;
        }

        byte[] record = new byte[Zip64EndRecordLength];
        archive.Position = (long)offset;
        await archive.ReadExactlyAsync(record, cancellationToken).ConfigureAwait(false);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndRecordSignature)
        {
            return null;
        }

        ulong entries = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32));
        return entries > long.MaxValue ? long.MaxValue : (long)entries;
    }
}
