using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sandbox.Orchestrator.Health;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Accounts;

/// <summary><c>/api/v1/members</c> (admins).</summary>
internal static class MembersApi
{
    public static RouteGroupBuilder MapMembersApi(this RouteGroupBuilder api)
    {
        var members = api.MapGroup("/members").WithTags("Members").RequireAuthorization(AuthorizationPolicies.Admin);
        members.MapPost("/", CreateAsync).WithSummary("Creates a member account with a tier and roles.");
        members.MapGet("/", ListAsync).WithSummary("Lists members, oldest account first, optionally those whose e-mail or name contains search; pages of limit (default 100, at most 1000), the next one named by Link: rel=\"next\".");
        members.MapGet("/homes", HomesAsync).WithSummary("The space each member's home takes where sessions run (removed members' homes until deleted).");
        members.MapGet("/{id}", GetAsync).WithSummary("One member, with tier history.");
        members.MapPatch("/{id}", ChangeAsync).WithSummary("Changes tier (from now or a later tierFrom; history kept), roles and monthly budget.");
        members.MapPost("/{id}/disable", DisableAsync).WithSummary("Disables a member: no sign-in, tokens ended, live sessions stopped (member_disabled); history and invoices kept.");
        members.MapPost("/{id}/enable", EnableAsync).WithSummary("Enables a disabled member again.");
        members.MapDelete("/{id}", RemoveAsync).WithSummary(
            "Removes a member: signed out, sessions stopped (member_removed), personal data erased (also from the audit log); usage and invoices kept under a pseudonym; the home deleted after Sandbox:Sweep:RemovedMemberHomeGrace.");
        return api;
    }

    private static async Task<Results<Ok<MemberView>, ProblemHttpResult>> RemoveAsync(
        string id, ClaimsPrincipal user, MemberRemoval removal, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (id == user.MemberId())
        {
            return ApiProblem.Conflict("member.remove_self", "You cannot remove your own account: ask another admin.");
        }

        return await removal.RemoveAsync(id, user.MemberId(), clock.GetUtcNow(), cancellationToken) is { } member
            ? TypedResults.Ok(member)
            : ApiProblem.NotFound("member.not_found", $"There is no member {id}.");
    }

    private static async Task<Results<Ok<IReadOnlyList<MemberHomeView>>, ProblemHttpResult>> HomesAsync(
        MemberDirectory directory, Sandbox.Runtime.IMemberHomes homes, RuntimeReachability runtime, HttpContext context, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await runtime.CheckAsync(cancellationToken) is not null)
        {
            return RuntimeUnavailableProblem.Create(context);
        }

        var members = await directory.ListAsync(clock.GetUtcNow(), cancellationToken);
        var usage = await homes.UsageAsync(members.Where(m => m.HomeRemovedAt is null).Select(m => m.Id).ToList(), cancellationToken);
        var byId = members.ToDictionary(m => m.Id, StringComparer.Ordinal);
        return TypedResults.Ok<IReadOnlyList<MemberHomeView>>(usage
            .Select(u => new MemberHomeView(u.Home, byId[u.Home].DisplayName, byId[u.Home].Email, u.UsedBytes, u.CapacityBytes, byId[u.Home].RemovedAt))
            .OrderByDescending(h => h.UsedBytes ?? h.CapacityBytes ?? 0).ThenBy(h => h.Member, StringComparer.Ordinal)
            .ToList());
    }

    private static async Task<Results<Created<MemberView>, ProblemHttpResult>> CreateAsync(
        NewMember request, ClaimsPrincipal user, MemberDirectory directory, TimeProvider clock, CancellationToken cancellationToken)
    {
        var result = await directory.CreateAsync(request, user.MemberId(), clock.GetUtcNow(), cancellationToken);
        if (result.Error is { } error)
        {
            return error.Status == 409
                ? ApiProblem.Conflict(error.Errors[0].Reason, error.Message)
                : ApiProblem.Invalid(error.Errors);
        }

        return TypedResults.Created($"/api/v1/members/{result.Member!.Id}", result.Member);
    }

    private static async Task<Results<Ok<MemberView>, ProblemHttpResult>> ChangeAsync(
        string id, MemberChange change, ClaimsPrincipal user, MemberEditor editor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var result = await editor.ChangeAsync(id, change, user.MemberId(), clock.GetUtcNow(), cancellationToken);
        if (result.Error is { } error)
        {
            return error.Status == 400 ? ApiProblem.Invalid(error.Errors) : ApiProblem.Create(error.Status, error.Errors[0].Reason, error.Message);
        }

        return TypedResults.Ok(result.Member!);
    }

    private static async Task<Results<Ok<MemberView>, ProblemHttpResult>> DisableAsync(
        string id, ClaimsPrincipal user, MemberAccess access, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (id == user.MemberId())
        {
            return ApiProblem.Conflict("member.disable_self", "You cannot disable your own account: ask another admin.");
        }

        return await access.DisableAsync(id, user.MemberId(), clock.GetUtcNow(), cancellationToken) is { } member
            ? TypedResults.Ok(member)
            : ApiProblem.NotFound("member.not_found", $"There is no member {id}.");
    }

    private static async Task<Results<Ok<MemberView>, ProblemHttpResult>> EnableAsync(
        string id, ClaimsPrincipal user, MemberAccess access, MemberDirectory directory, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await directory.FindAsync(id, clock.GetUtcNow(), cancellationToken) is { RemovedAt: not null })
        {
            return ApiProblem.Conflict("member.removed", $"Member {id} was removed: their personal data is gone, so the account cannot be enabled again; create a new one.");
        }

        return await access.EnableAsync(id, user.MemberId(), clock.GetUtcNow(), cancellationToken) is { } member
            ? TypedResults.Ok(member)
            : ApiProblem.NotFound("member.not_found", $"There is no member {id}.");
    }

    private static async Task<Results<Ok<IReadOnlyList<MemberView>>, ProblemHttpResult>> ListAsync(
        string? limit, string? cursor, string? search, MemberDirectory directory, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        if (Paging.PageRequest.TryRead(limit, cursor, 2, out var problem) is not { } page)
        {
            return problem!;
        }

        return (await directory.PageAsync(page, search, clock.GetUtcNow(), cancellationToken)).Answer(context, m => m);
    }

    private static async Task<Results<Ok<MemberView>, ProblemHttpResult>> GetAsync(
        string id, MemberDirectory directory, TimeProvider clock, CancellationToken cancellationToken) =>
        await directory.FindAsync(id, clock.GetUtcNow(), cancellationToken) is { } member
            ? TypedResults.Ok(member)
            : ApiProblem.NotFound("member.not_found", $"There is no member {id}.");
}
