using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Sweeps;

/// <summary>The store's sessions that have not ended, as the sweeps read them.</summary>
internal static class LiveSessions
{
    /// <summary>Sessions neither stopped nor failed, with what they mount.</summary>
    public static async Task<IReadOnlyList<LiveSession>> ListAsync(SandboxDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Sessions.AsNoTracking()
            .Where(s => s.State != SessionState.Stopped && s.State != SessionState.Failed)
            .Select(s => new { s.Id, s.State, s.Datasets })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new LiveSession(r.Id, r.State, r.Datasets)).ToList();
    }
}
