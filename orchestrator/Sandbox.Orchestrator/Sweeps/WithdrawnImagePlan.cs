namespace Sandbox.Orchestrator.Sweeps;

/// <summary>
/// Which withdrawn versions' images may go (pure): those withdrawn at least the grace ago that no live session mounts,
/// by name and version or by image. Sessions that ended do not count: their records name the version, not the image.
/// </summary>
internal static class WithdrawnImagePlan
{
    /// <summary>The versions whose image may be removed now, in id order.</summary>
    public static IReadOnlyList<WithdrawnVersion> Removable(
        IReadOnlyList<WithdrawnVersion> withdrawn, IReadOnlyList<LiveSession> live, DateTimeOffset now, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(withdrawn);
        ArgumentNullException.ThrowIfNull(live);
        var mounted = live.SelectMany(s => s.Datasets).ToList();
        var mountedVersions = mounted.Select(d => (d.Name, d.Version)).ToHashSet();
        var mountedImages = mounted.Select(d => d.Image).ToHashSet(StringComparer.Ordinal);
        return withdrawn
            .Where(v => now - v.WithdrawnAt >= grace)
            .Where(v => !mountedVersions.Contains((v.Name, v.Version)) && !mountedImages.Contains(v.Image))
            .OrderBy(v => v.Id)
            .ToList();
    }
}
