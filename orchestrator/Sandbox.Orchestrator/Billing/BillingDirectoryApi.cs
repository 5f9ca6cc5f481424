using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Billing;

/// <summary>
/// <c>GET /api/v1/billing/members</c>: every member's id, name and e-mail, for billing staff and admins, so that usage
/// and invoices (which name members by id, as issued) are shown with the names people know.
/// </summary>
internal static class BillingDirectoryApi
{
    public static RouteGroupBuilder MapBillingDirectoryApi(this RouteGroupBuilder api)
    {
        api.MapGet("/billing/members", MembersAsync).WithTags("Billing").RequireAuthorization(AuthorizationPolicies.Billing)
            .WithSummary("Every member's id, display name and e-mail, ordered by name (billing staff, admins).");
        return api;
    }

    private static async Task<Ok<List<BillingMemberView>>> MembersAsync(SandboxDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Users.AsNoTracking()
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new BillingMemberView(u.Id, u.DisplayName, u.Email ?? ""))
            .ToListAsync(cancellationToken));
}

/// <summary>A member as billing staff see them.</summary>
internal sealed record BillingMemberView(string Id, string DisplayName, string Email);
