using System.Text.Json;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Audit;

/// <summary>
/// Appends audit events to the store's unit of work: an event is saved by the same <c>SaveChanges</c> as the change it
/// records, so there is never a change without its entry, nor an entry for a change that was rolled back.
/// </summary>
internal sealed class AuditLog(SandboxDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>Adds an event; it is written with the next save.</summary>
    public void Add(string kind, string? actorId, string? subject, object? detail = null) => db.AuditEvents.Add(new AuditEvent
    {
        At = clock.GetUtcNow(),
        ActorId = actorId,
        Kind = kind,
        Subject = subject,
        Detail = detail is null ? "{}" : JsonSerializer.Serialize(detail, JsonSerializerOptions.Web),
        Address = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
    });

    /// <summary>Adds an event that stands alone (nothing else changes with it) and saves it.</summary>
    public async Task WriteAsync(string kind, string? actorId, string? subject, object? detail, CancellationToken cancellationToken)
    {
        Add(kind, actorId, subject, detail);
        await db.SaveChangesAsync(cancellationToken);
    }
}
