namespace Sandbox.Datasets.Archives;

/// <summary>
/// Keeps the running totals of one conversion and refuses the archive the moment one crosses its limit:
/// declared sizes are judged before any byte is read, actual bytes while they stream.
/// </summary>
internal sealed class ArchiveBudget(DatasetArchiveLimits limits, ByteCounter compressedBytes, ByteCounter expandedBytes)
{
    private int _files;

    public long TotalBytes { get; private set; }

    public int Files => _files;

    /// <summary>The entry being read, named by refusals that happen deep inside a read.</summary>
    public string? CurrentEntry { get; set; }

    /// <summary>Judges a file by its header, before its content is read.</summary>
    public void AdmitFile(string rawName, long declaredSize)
    {
        if (++_files > limits.MaxFiles)
        {
            Refuse(DatasetErrorCode.TooManyFiles, rawName, $"The archive holds more than {limits.MaxFiles} files; refused at entry '{EntryNameDisplay.Quote(rawName)}'.");
        }

        if (declaredSize > limits.MaxFileBytes)
        {
            Refuse(DatasetErrorCode.FileTooLarge, rawName, $"Entry '{EntryNameDisplay.Quote(rawName)}' is {declaredSize} bytes, more than the limit of {limits.MaxFileBytes}.");
        }

        if (TotalBytes + declaredSize > limits.MaxTotalBytes)
        {
            Refuse(DatasetErrorCode.TooLarge, rawName, $"With entry '{EntryNameDisplay.Quote(rawName)}' the files add up to more than the limit of {limits.MaxTotalBytes} bytes.");
        }
    }

    /// <summary>Judges the number of distinct folders, which the file limit also bounds.</summary>
    public void AdmitDirectories(string rawName, int directories)
    {
        if (directories > limits.MaxFiles)
        {
            Refuse(DatasetErrorCode.TooManyFiles, rawName, $"The archive holds more than {limits.MaxFiles} folders; refused at entry '{EntryNameDisplay.Quote(rawName)}'.");
        }
    }

    /// <summary>Counts content bytes as they stream and judges the expansion so far.</summary>
    public void AddContent(string rawName, int bytes)
    {
        TotalBytes += bytes;
        if (TotalBytes > limits.MaxTotalBytes)
        {
            Refuse(DatasetErrorCode.TooLarge, rawName, $"At entry '{EntryNameDisplay.Quote(rawName)}' the files add up to more than the limit of {limits.MaxTotalBytes} bytes.");
        }
    }

    /// <summary>Judges uncompressed bytes produced against compressed bytes consumed, once past the grace amount.</summary>
    public void CheckRatio() => CheckRatio(CurrentEntry);

    private void CheckRatio(string? rawName)
    {
        long expanded = expandedBytes.Count;
        if (expanded <= limits.CompressionRatioGraceBytes)
        {
            return;
        }

        double ratio = (double)expanded / Math.Max(1, compressedBytes.Count);
        if (ratio > limits.MaxCompressionRatio)
        {
            string where = rawName is null ? "" : $" at entry '{EntryNameDisplay.Quote(rawName)}'";
            Refuse(DatasetErrorCode.CompressionRatio, rawName,
                $"The archive expands {ratio:F0} times{where}, more than the limit of {limits.MaxCompressionRatio:F0}: it looks like a decompression bomb.");
        }
    }

    private static void Refuse(DatasetErrorCode code, string? rawName, string message) =>
        throw new ArchiveRefusedException(new DatasetError(code, message, rawName));
}
