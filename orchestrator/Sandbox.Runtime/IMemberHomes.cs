namespace Sandbox.Runtime;

/// <summary>
/// Members' homes where sessions run, apart from any session: how much space each takes (for admins), and removing one
/// (a member removed, after the grace period). Homes are named as in <see cref="HomeVolume.Name"/> (the member id); only
/// this installation's homes are touched.
/// </summary>
public interface IMemberHomes
{
    /// <summary>
    /// The space taken by each of <paramref name="homes"/> that exists; a home with no storage yet (the member never
    /// launched) is left out. Can take seconds on a large host (the engine measures its volumes): call it on request.
    /// </summary>
    Task<IReadOnlyList<MemberHomeUsage>> UsageAsync(IReadOnlyCollection<string> homes, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the home <paramref name="home"/> and everything in it. Gone already is success. Throws
    /// <see cref="RuntimeException"/> with reason <c>home_in_use</c> while a sandbox still mounts it.
    /// </summary>
    Task RemoveAsync(string home, CancellationToken cancellationToken);
}
