namespace Sandbox.Datasets.Oci;

/// <summary>
/// The labels of a data image (the config's <c>Labels</c>, repeated as the manifest's annotations): the OCI
/// pre-defined keys where one fits, and Sandbox's own for what the catalog matches on.
/// </summary>
public static class DataImageLabels
{
    public const string Title = "org.opencontainers.image.title";
    public const string Version = "org.opencontainers.image.version";
    public const string Source = "org.opencontainers.image.source";
    public const string Licenses = "org.opencontainers.image.licenses";
    public const string DatasetName = "org.sandbox.dataset.name";
    public const string DatasetVersion = "org.sandbox.dataset.version";
    public const string ContentDigest = "org.sandbox.dataset.digest";

    /// <summary>The labels, sorted by key (ordinal) so their JSON never varies; empty values are left out.</summary>
    public static SortedDictionary<string, string> For(DatasetManifest manifest, DataImageDescription description)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(description);
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [Title] = string.IsNullOrWhiteSpace(description.Title) ? manifest.Name : description.Title,
            [Version] = manifest.Version,
            [DatasetName] = manifest.Name,
            [DatasetVersion] = manifest.Version,
            [ContentDigest] = manifest.ContentDigest,
        };
        if (!string.IsNullOrWhiteSpace(description.Source))
        {
            labels[Source] = description.Source;
        }

        if (!string.IsNullOrWhiteSpace(description.License))
        {
            labels[Licenses] = description.License;
        }

        return labels;
    }
}
