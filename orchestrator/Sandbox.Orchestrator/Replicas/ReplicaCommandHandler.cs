using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sandbox.NotebookProxy;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Live;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Replicas;

/// <summary>What one replica does for a <see cref="ReplicaCommand"/>, whichever replica sent it.</summary>
internal sealed partial class ReplicaCommandHandler(
    SecurityStamps stamps, INotebookConnections notebooks, LiveConnections hub, SessionAudiences audiences, NotebookEndpoints endpoints,
    IServiceScopeFactory scopes, ILogger<ReplicaCommandHandler> logger)
{
    /// <summary>Carries out <paramref name="command"/> on this replica.</summary>
    public async Task HandleAsync(ReplicaCommand command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case CredentialsChanged changed:
                stamps.Forget(changed.MemberId);
                var closed = notebooks.CloseAllFor(changed.MemberId);
                var aborted = await AbortStaleHubConnectionsAsync(changed.MemberId, cancellationToken);
                Log.CredentialsChanged(logger, changed.MemberId, closed, aborted);
                break;
            case ShareEnded ended:
                audiences.Forget(ended.SessionId);
                Log.ShareEnded(logger, ended.SessionId, ended.MemberId, notebooks.CloseFor(ended.SessionId, ended.MemberId));
                break;
            case SessionEnded session:
                endpoints.ForgetHere(session.SessionId);
                audiences.Forget(session.SessionId);
                break;
        }
    }

    /// <summary>Closes the member's hub connections whose credentials carry another stamp than the store's.</summary>
    private async Task<int> AbortStaleHubConnectionsAsync(string memberId, CancellationToken cancellationToken)
    {
        var open = hub.OfMember(memberId);
        if (open.IsEmpty)
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        var current = await db.Users.AsNoTracking().Where(u => u.Id == memberId).Select(u => u.SecurityStamp).FirstOrDefaultAsync(cancellationToken);
        var aborted = 0;
        foreach (var connection in open)
        {
            if (connection.SecurityStamp is { } stamp && !string.Equals(stamp, current, StringComparison.Ordinal))
            {
                connection.Abort();
                aborted++;
            }
        }

        return aborted;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Credentials of {MemberId} changed: {Closed} notebook connections closed, {Aborted} hub connections closed here")]
        public static partial void CredentialsChanged(ILogger logger, string memberId, int closed, int aborted);

        [LoggerMessage(2, LogLevel.Information, "Share of {SessionId} with {MemberId} ended: {Closed} notebook connections closed here")]
        public static partial void ShareEnded(ILogger logger, string sessionId, string memberId, int closed);
    }
}
