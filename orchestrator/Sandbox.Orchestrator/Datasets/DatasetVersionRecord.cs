namespace Sandbox.Orchestrator.Datasets;

/// <summary>One published (or publishing) version of a curated dataset. Versions are immutable once published.</summary>
internal sealed class DatasetVersionRecord
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>Dataset name, mounted at <c>/data/{Name}</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Version label, unique per name.</summary>
    public string Version { get; set; } = "";

    /// <summary>Human title, in English (always given).</summary>
    public string Title { get; set; } = "";

    /// <summary>Optional description, in English.</summary>
    public string? Description { get; set; }

    /// <summary>Optional title in Korean.</summary>
    public string? TitleKo { get; set; }

    /// <summary>Optional description in Korean.</summary>
    public string? DescriptionKo { get; set; }

    /// <summary>Where the data comes from.</summary>
    public string? Source { get; set; }

    /// <summary>The licence the data is shared under.</summary>
    public string? License { get; set; }

    /// <summary>Tags as a JSON array of strings; null when there are none.</summary>
    public string? TagsJson { get; set; }

    /// <summary><see cref="DatasetStatus"/>.</summary>
    public string Status { get; set; } = DatasetStatus.Building;

    /// <summary>Why the build failed.</summary>
    public string? Reason { get; set; }

    /// <summary>
    /// The data image's reference. With a registry it names the manifest's digest, known once the build has written the
    /// layout; until then it is the repository alone.
    /// </summary>
    public string Image { get; set; } = "";

    /// <summary>The built image's id (content digest).</summary>
    public string? ImageId { get; set; }

    /// <summary>SHA-256 over the file manifest.</summary>
    public string ContentDigest { get; set; } = "";

    /// <summary>Number of files.</summary>
    public int FileCount { get; set; }

    /// <summary>Total bytes of the files.</summary>
    public long TotalBytes { get; set; }

    /// <summary>The file manifest (path, size, sha256), as JSON.</summary>
    public string ManifestJson { get; set; } = "[]";

    /// <summary>Who published it.</summary>
    public string PublishedBy { get; set; } = "";

    /// <summary>When the upload was accepted.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the image was ready.</summary>
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>When an admin withdrew it: no new session may mount it; running ones keep it.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }

    /// <summary>The admin who withdrew it.</summary>
    public string? WithdrawnBy { get; set; }

    /// <summary>
    /// When the sweep removed the image of this withdrawn version (no live session referenced it any more). The entry stays
    /// so sessions and usage that name the version keep their meaning.
    /// </summary>
    public DateTimeOffset? ImageRemovedAt { get; set; }
}
