namespace Sandbox.Datasets;

/// <summary>
/// How much an uploaded dataset archive may hold. Checked while streaming, so a hostile archive is stopped as
/// soon as it crosses a line rather than after it has been expanded.
/// </summary>
public sealed record DatasetArchiveLimits
{
    /// <summary>Total bytes of all files, uncompressed. Default 2 GiB.</summary>
    public long MaxTotalBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Number of files. Directories are counted apart against the same number. Default 20,000.</summary>
    public int MaxFiles { get; init; } = 20_000;

    /// <summary>Bytes of one file, uncompressed. Default 1 GiB.</summary>
    public long MaxFileBytes { get; init; } = 1L * 1024 * 1024 * 1024;

    /// <summary>
    /// Uncompressed bytes produced per compressed byte consumed, measured on the running totals (tar headers
    /// and padding included) so a decompression bomb is stopped early. Default 200.
    /// </summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>
    /// Uncompressed bytes produced before <see cref="MaxCompressionRatio"/> is judged, because tiny archives have
    /// meaningless ratios (tar's zero padding alone compresses a hundredfold). Default 1 MiB.
    /// </summary>
    public long CompressionRatioGraceBytes { get; init; } = 1024 * 1024;

    /// <summary>Length of a file's path inside the dataset, in UTF-8 bytes. Default 255.</summary>
    public int MaxPathLength { get; init; } = 255;

    /// <summary>Number of path segments (folders plus the file name). Default 32.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>What is wrong with these limits; empty when they are usable (for options validation at start).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxTotalBytes <= 0)
        {
            problems.Add($"{nameof(MaxTotalBytes)} must be positive.");
        }

        if (MaxFiles <= 0)
        {
            problems.Add($"{nameof(MaxFiles)} must be positive.");
        }

        if (MaxFileBytes <= 0)
        {
            problems.Add($"{nameof(MaxFileBytes)} must be positive.");
        }

        if (!(MaxCompressionRatio >= 1))
        {
            problems.Add($"{nameof(MaxCompressionRatio)} must be at least 1.");
        }

        if (CompressionRatioGraceBytes < 0)
        {
            problems.Add($"{nameof(CompressionRatioGraceBytes)} must not be negative.");
        }

        if (MaxPathLength is <= 0 or > 4096)
        {
            problems.Add($"{nameof(MaxPathLength)} must be between 1 and 4096.");
        }

        if (MaxDepth <= 0)
        {
            problems.Add($"{nameof(MaxDepth)} must be positive.");
        }

        return problems;
    }
}
