using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Live;

/// <summary>
/// <c>/hubs/sessions</c>: tells signed-in clients about the sessions they may see, their notices and (admins) dataset
/// builds. Clients only listen; the hub has no methods to call, and SignalR reports nothing but state.
/// On connecting, a client first gets <c>sessionUpdated</c> for every session it may see (so a reconnecting client
/// misses no final state), then every change as it is stored.
/// </summary>
internal sealed class SessionsHub(LiveConnections connections, SessionAccess access, IOptions<LiveOptions> options, IOptions<IdentityOptions> identity, NotebookOrigins.SandboxOrigins origins) : Hub
{
    /// <summary>Where the hub is mapped.</summary>
    public const string Path = "/hubs/sessions";

    public override async Task OnConnectedAsync()
    {
        // 1. Register first, holding updates back, so a change stored while the snapshot is read is still delivered after it.
        var user = Context.User ?? new ClaimsPrincipal();
        var connection = new LiveConnection(Context.ConnectionId, user.MemberId(), user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType),
            Context.Abort, options.Value.MaxBacklog);
        connections.Add(connection);

        // 2. The snapshot: exactly what GET /api/v1/sessions would list for this caller, each as GET /api/v1/sessions/{id} shows it.
        var visible = await access.VisibleAsync(user, Context.ConnectionAborted);
        //    Then the word that the client is subscribed: SignalR answered its handshake before this method ran, so changes
        //    made in between reach it only through what it fetches after this message.
        var snapshot = visible.Select(s => new LiveMessage(LiveMethods.SessionUpdated, SessionView.Of(s, origins))).ToList();
        connection.ReleaseAfter([.. snapshot, new LiveMessage(LiveMethods.Subscribed, new LiveSubscribed(snapshot.Count))]);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
