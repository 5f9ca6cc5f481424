using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Store;
using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Audit;

/// <summary><c>GET /api/v1/audit</c>: admins read the whole log, billing staff the money events.</summary>
internal static class AuditApi
{
    private const int MaxEvents = 1000;

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", QueryAsync).WithTags("Audit").RequireAuthorization(AuthorizationPolicies.Billing)
            .WithSummary("Audit events, newest first (at most 1000), filtered by from, to, actor and kind.");
        return api;
    }

    private static async Task<Results<Ok<List<AuditEventView>>, ProblemHttpResult>> QueryAsync(
        string? from, string? to, string? actor, string? kind, ClaimsPrincipal user, SandboxDbContext db, CancellationToken ct)
    {
        DateTimeOffset start = DateTimeOffset.MinValue, end = DateTimeOffset.MaxValue;
        if ((from is not null && !InstantText.TryParse(from, out start)) || (to is not null && !InstantText.TryParse(to, out end)))
        {
            return ApiProblem.BadRequest("audit.invalid_time", "from and to must be ISO 8601 instants with an offset.");
        }

        var query = db.AuditEvents.AsNoTracking().Where(e => e.At >= start && e.At < end);
        if (actor is not null)
        {
            query = query.Where(e => e.ActorId == actor);
        }

        if (kind is not null)
        {
            query = query.Where(e => e.Kind == kind);
        }

        if (!user.IsInRole(Roles.Admin))
        {
            var money = AuditKinds.Money.ToList();
            query = query.Where(e => money.Contains(e.Kind));
        }

        var events = await query.OrderByDescending(e => e.Id).Take(MaxEvents).ToListAsync(ct);
        return TypedResults.Ok(events.Select(e => new AuditEventView(e.Id, e.At, e.ActorId, e.Kind, e.Subject, JsonDocument.Parse(e.Detail).RootElement, e.Address)).ToList());
    }
}

/// <summary>An audit event as the API shows it.</summary>
internal sealed record AuditEventView(long Id, DateTimeOffset At, string? Actor, string Kind, string? Subject, JsonElement Detail, string? Address);
