namespace Sandbox.Orchestrator.Live;

/// <summary>
/// Records notices in the log only. Registered until a live channel (the SignalR hub) replaces it, so scheduled work
/// can warn members without depending on how the warning travels.
/// </summary>
internal sealed partial class LoggedMemberNotices(ILogger<LoggedMemberNotices> logger) : IMemberNotices
{
    /// <inheritdoc />
    public Task SendAsync(string memberId, MemberNotice notice, CancellationToken cancellationToken)
    {
        Log.Notice(logger, memberId, notice.Kind, notice.SessionId, notice.Message);
        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Notice for member {MemberId}: {Kind} (session {SessionId}): {Message}")]
        public static partial void Notice(ILogger logger, string memberId, string kind, string? sessionId, string message);
    }
}
