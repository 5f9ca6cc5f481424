namespace Sandbox.Orchestrator.Datasets;

/// <summary>Choosing among a dataset's versions.</summary>
internal static class DatasetVersions
{
    /// <summary>The version <c>name</c> alone means: the latest published one that is not withdrawn.</summary>
    public static DatasetVersionRecord? LatestUsable(IEnumerable<DatasetVersionRecord> versions) => versions
        .Where(v => v.Status == DatasetStatus.Published && v.WithdrawnAt is null)
        .OrderByDescending(v => v.PublishedAt)
        .FirstOrDefault();
}
