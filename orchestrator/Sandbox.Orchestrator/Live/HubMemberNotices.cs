namespace Sandbox.Orchestrator.Live;

/// <summary>Delivers notices to the member's hub connections (<c>memberNotice</c>) through the same feed as session changes.</summary>
internal sealed class HubMemberNotices(ILiveChangeFeed feed, TimeProvider clock) : IMemberNotices
{
    /// <inheritdoc />
    public Task SendAsync(string memberId, MemberNotice notice, CancellationToken cancellationToken)
    {
        feed.Publish(new MemberNoticed(memberId, notice with { At = notice.At ?? clock.GetUtcNow() }));
        return Task.CompletedTask;
    }
}
