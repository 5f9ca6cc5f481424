using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Paging;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Store;
using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Audit;

/// <summary><c>GET /api/v1/audit</c>: admins read the whole log, billing staff the money events.</summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", QueryAsync).WithTags("Audit").RequireAuthorization(AuthorizationPolicies.Billing)
            .WithSummary("Audit events, newest first, filtered by from, to, actor and kind; pages of limit (default 100, at most 1000), the next one named by Link: rel=\"next\".");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEventView>>, ProblemHttpResult>> QueryAsync(
        string? from, string? to, string? actor, string? kind, string? limit, string? cursor, ClaimsPrincipal user, SandboxDbContext db,
        HttpContext context, CancellationToken ct)
    {
        if (PageRequest.TryRead(limit, cursor, 1, out var problem) is not { } page)
        {
            return problem!;
        }

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

        if (page.After?.Long(0) is { } before)
        {
            query = query.Where(e => e.Id < before);
        }

        var events = await query.OrderByDescending(e => e.Id).Take(page.Limit + 1).ToListAsync(ct);
        return page.PageOf(events, e => PageCursor.Of(e.Id))
            .Answer(context, e => new AuditEventView(e.Id, e.At, e.ActorId, e.Kind, e.Subject, JsonDocument.Parse(e.Detail).RootElement, e.Address));
    }
}

/// <summary>An audit event as the API shows it.</summary>
internal sealed record AuditEventView(long Id, DateTimeOffset At, string? Actor, string Kind, string? Subject, JsonElement Detail, string? Address);
