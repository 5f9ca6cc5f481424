namespace Sandbox.Orchestrator.Live;

/// <summary>
/// The one seam through which scheduled work tells a member something (the hub delivers it to every connection of
/// that member; with several replicas, a backplane behind this seam). Delivery is best effort: a member who is not
/// connected misses the notice, so nothing may depend on it being seen.
/// </summary>
internal interface IMemberNotices
{
    /// <summary>Tells <paramref name="memberId"/>'s connected clients <paramref name="notice"/>.</summary>
    Task SendAsync(string memberId, MemberNotice notice, CancellationToken cancellationToken);
}
