namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// A dataset and its versions, newest first, as the API shows them to one caller: <c>access</c> only to admins,
/// <c>entitled</c> for the caller.
/// </summary>
internal sealed record DatasetView(
    string Name, string Title, string? Description, string? TitleKo, string TitleEn, string? DescriptionKo, string? DescriptionEn,
    string? Source, string? License, IReadOnlyList<string> Tags, string? LatestVersion, bool Entitled, DatasetAccessView? Access,
    IReadOnlyList<DatasetVersionView> Versions)
{
    /// <summary>The view of one dataset's versions; its texts are the latest usable version's (else the newest's).</summary>
    public static DatasetView Of(IGrouping<string, DatasetVersionRecord> versions, bool entitled, DatasetAccessView? access)
    {
        var ordered = versions.OrderByDescending(v => v.CreatedAt).ToList();
        var latest = DatasetVersions.LatestUsable(ordered);
        var shown = latest ?? ordered[0];
        return new DatasetView(
            versions.Key, shown.Title, shown.Description, shown.TitleKo, shown.Title, shown.DescriptionKo, shown.Description,
            shown.Source, shown.License, DatasetTags.FromJson(shown.TagsJson), latest?.Version, entitled, access,
            ordered.Select(DatasetVersionView.Of).ToList());
    }
}
