namespace Sandbox.Datasets;

/// <summary>One file of a dataset.</summary>
/// <param name="Path">Relative path inside the dataset, '/'-separated, as mounted under <c>/data/&lt;name&gt;/</c>.</param>
/// <param name="Size">Length in bytes.</param>
/// <param name="Sha256">SHA-256 of the content, lowercase hex.</param>
public sealed record DatasetFile(string Path, long Size, string Sha256);
