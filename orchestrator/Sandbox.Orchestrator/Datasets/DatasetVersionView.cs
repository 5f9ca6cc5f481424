namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// One version of a dataset. <c>Image</c>: the reference sessions mount (the name it was loaded under without a registry,
/// <c>host/repo@sha256:...</c> with one, the repository alone until the build has written the image). <c>Reason</c>: why
/// a <c>failed</c> version failed (only admins see failed versions). <c>ImageRemovedAt</c>: when the sweep removed a
/// withdrawn version's image from where sessions run.
/// </summary>
internal sealed record DatasetVersionView(
    string Name, string Version, string Title, string? TitleKo, string TitleEn, string? DescriptionKo, string? DescriptionEn,
    string? Source, string? License, IReadOnlyList<string> Tags, string Status, string? Reason, string ContentDigest, int FileCount,
    long TotalBytes, string Image, string? ImageId, string PublishedBy, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, DateTimeOffset? WithdrawnAt,
    DateTimeOffset? ImageRemovedAt)
{
    /// <summary>The view of a version.</summary>
    public static DatasetVersionView Of(DatasetVersionRecord v) => new(
        v.Name, v.Version, v.Title, v.TitleKo, v.Title, v.DescriptionKo, v.Description, v.Source, v.License, DatasetTags.FromJson(v.TagsJson),
        v.Status, v.Reason, v.ContentDigest, v.FileCount, v.TotalBytes, v.Image, v.ImageId, v.PublishedBy, v.CreatedAt, v.PublishedAt, v.WithdrawnAt,
        v.ImageRemovedAt);
}
