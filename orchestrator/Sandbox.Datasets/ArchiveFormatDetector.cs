namespace Sandbox.Datasets;

/// <summary>
/// Tells the archive format from its magic bytes, never from the file name the uploader chose.
/// </summary>
public static class ArchiveFormatDetector
{
    /// <summary>How many leading bytes <see cref="Detect(ReadOnlySpan{byte})"/> needs.</summary>
    public const int LeadingBytes = 4;

    /// <summary>
    /// Detects the format from the archive's first bytes (fewer than <see cref="LeadingBytes"/> when the
    /// archive is that short). Neither gzip nor zip is <c>archive.not_an_archive</c>.
    /// </summary>
    public static DatasetResult<ArchiveFormat> Detect(ReadOnlySpan<byte> leading)
    {
        // gzip: ID1 ID2 and CM = 8 (deflate, the only method gzip defines).
        if (leading.Length >= 3 && leading[0] == 0x1F && leading[1] == 0x8B && leading[2] == 0x08)
        {
            return DatasetResult.Success(ArchiveFormat.TarGzip);
        }

        // zip: a local file header, or the end-of-central-directory record that alone makes an empty zip.
        if (leading.Length >= 4 && leading[0] == (byte)'P' && leading[1] == (byte)'K'
            && ((leading[2] == 3 && leading[3] == 4) || (leading[2] == 5 && leading[3] == 6)))
        {
            return DatasetResult.Success(ArchiveFormat.Zip);
        }

        return DatasetResult.Failure<ArchiveFormat>(new DatasetError(
            DatasetErrorCode.NotAnArchive,
            "The upload is neither a gzip-compressed tar (.tar.gz) nor a zip archive."));
    }

    /// <summary>
    /// Reads the first bytes of a seekable <paramref name="archive"/> and puts its position back.
    /// </summary>
    public static async Task<DatasetResult<ArchiveFormat>> DetectAsync(Stream archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        if (!archive.CanSeek)
        {
            throw new ArgumentException("The archive must be seekable (stage the upload to a file first).", nameof(archive));
        }

        long start = archive.Position;
        byte[] leading = new byte[LeadingBytes];
        int read = await archive.ReadAtLeastAsync(leading, LeadingBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        archive.Position = start;
        return Detect(leading.AsSpan(0, read));
    }
}
