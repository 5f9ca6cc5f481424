namespace Sandbox.Orchestrator.Datasets;

/// <summary>A dataset and its versions, newest first, as the API shows them.</summary>
internal sealed record DatasetView(string Name, string Title, string? Description, string? LatestVersion, IReadOnlyList<DatasetVersionView> Versions)
{
    /// <summary>The view of one dataset's versions.</summary>
    public static DatasetView Of(IGrouping<string, DatasetVersionRecord> versions)
    {
        var ordered = versions.OrderByDescending(v => v.CreatedAt).ToList();
        var latest = ordered.Where(v => v.Status == DatasetStatus.Published).OrderByDescending(v => v.PublishedAt).FirstOrDefault();
        var shown = latest ?? ordered[0];
        return new DatasetView(versions.Key, shown.Title, shown.Description, latest?.Version, ordered.Select(DatasetVersionView.Of).ToList());
    }
}

/// <summary>One version of a dataset.</summary>
internal sealed record DatasetVersionView(
    string Name, string Version, string Title, string Status, string? Reason, string ContentDigest, int FileCount, long TotalBytes,
    string? ImageId, string PublishedBy, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt)
{
    /// <summary>The view of a version.</summary>
    public static DatasetVersionView Of(DatasetVersionRecord v) => new(
        v.Name, v.Version, v.Title, v.Status, v.Reason, v.ContentDigest, v.FileCount, v.TotalBytes, v.ImageId, v.PublishedBy, v.CreatedAt, v.PublishedAt);
}
