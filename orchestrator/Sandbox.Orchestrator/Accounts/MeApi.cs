using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Accounts;

/// <summary><c>GET /api/v1/me</c>: who the caller is and what they may do, so clients need not guess from refusals.</summary>
internal static class MeApi
{
    public static RouteGroupBuilder MapMeApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", GetAsync).WithTags("Members")
            .WithSummary("The caller: id, e-mail, display name, tier now, the roles their credentials carry, budget override.");
        return api;
    }

    private static async Task<Results<Ok<MeView>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, MemberDirectory directory, TimeProvider clock, CancellationToken cancellationToken)
    {
        // The account can be deleted while a token is still being checked; that caller is nobody.
        if (await directory.FindAsync(user.MemberId(), clock.GetUtcNow(), cancellationToken) is not { } member)
        {
            return ApiProblem.NotFound("member.not_found", "The signed-in account no longer exists.");
        }

        // Roles as authorization sees them on this request (an OIDC token's roles, not the store's), so the answer
        // matches what the caller will be allowed.
        var roles = Accounts.Roles.All.Where(user.IsInRole).ToList();
        return TypedResults.Ok(new MeView(member.Id, member.Email, member.DisplayName, member.Tier, roles, member.MonthlyBudgetKrw));
    }
}
