namespace Sandbox.Datasets;

/// <summary>
/// What a dataset version holds: its files (sorted by path, ordinal) and a digest over them.
/// </summary>
/// <param name="Name">The dataset's name.</param>
/// <param name="Version">The dataset's version.</param>
/// <param name="ContentDigest">
/// <c>sha256:</c> and the lowercase hex SHA-256 of the UTF-8 lines <c>"{sha256} {size} {path}\n"</c>, one per file in
/// <see cref="Files"/> order. It depends on the files alone, not on the archive format, entry order or timestamps.
/// </param>
/// <param name="TotalBytes">Sum of the files' sizes.</param>
/// <param name="Files">The files, sorted by <see cref="DatasetFile.Path"/> with ordinal comparison.</param>
public sealed record DatasetManifest(
    string Name,
    string Version,
    string ContentDigest,
    long TotalBytes,
    IReadOnlyList<DatasetFile> Files);
