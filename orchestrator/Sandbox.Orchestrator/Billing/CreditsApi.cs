using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Store;
using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Billing;

/// <summary><c>/api/v1/credits</c>: credits such as data vouchers, taken off a member's invoice for one month.</summary>
internal static class CreditsApi
{
    public static RouteGroupBuilder MapCreditsApi(this RouteGroupBuilder api)
    {
        var credits = api.MapGroup("/credits").WithTags("Billing");
        credits.MapPost("/", GrantAsync).RequireAuthorization(AuthorizationPolicies.Admin)
            .WithSummary("Grants a member a credit for a month (admins): {member, month, krw, reason}.");
        credits.MapGet("/", ListAsync).RequireAuthorization(AuthorizationPolicies.Billing)
            .WithSummary("Credits of a month (billing staff, admins).");
        return api;
    }

    private static async Task<Results<Created<CreditView>, ProblemHttpResult>> GrantAsync(
        NewCredit request, ClaimsPrincipal user, SandboxDbContext db, TimeProvider clock, AuditLog audit, CancellationToken ct)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(request.Member) || !await db.Users.AnyAsync(u => u.Id == request.Member, ct))
        {
            errors.Add(new("member", "credit.unknown_member", $"There is no member '{request.Member}'."));
        }

        if (!BillingMonth.TryParse(request.Month, out _))
        {
            errors.Add(new("month", "credit.invalid_month", "month must be YYYY-MM."));
        }

        if (request.Krw is not > 0)
        {
            errors.Add(new("krw", "credit.invalid_amount", "krw must be more than 0."));
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 200)
        {
            errors.Add(new("reason", "credit.invalid_reason", "reason is required and at most 200 characters."));
        }

        if (errors.Count > 0)
        {
            return ApiProblem.Invalid(errors);
        }

        var credit = new CreditRecord
        {
            MemberId = request.Member!,
            Month = request.Month!,
            Krw = request.Krw!.Value,
            Reason = request.Reason!.Trim(),
            CreatedBy = user.MemberId(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Credits.Add(credit);
        audit.Add(AuditKinds.CreditGranted, credit.CreatedBy, credit.MemberId, new { month = credit.Month, krw = credit.Krw, reason = credit.Reason });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/credits?month={credit.Month}", CreditView.Of(credit));
    }

    private static async Task<Results<Ok<List<CreditView>>, ProblemHttpResult>> ListAsync(string? month, SandboxDbContext db, CancellationToken ct)
    {
        if (!BillingMonth.TryParse(month, out _))
        {
            return ApiProblem.BadRequest("credit.invalid_month", "month must be YYYY-MM.");
        }

        var credits = await db.Credits.AsNoTracking().Where(c => c.Month == month).ToListAsync(ct);
        return TypedResults.Ok(credits.OrderBy(c => c.MemberId, StringComparer.Ordinal).ThenBy(c => c.Id).Select(CreditView.Of).ToList());
    }
}

/// <summary>A credit to grant.</summary>
internal sealed record NewCredit(string? Member, string? Month, decimal? Krw, string? Reason);

/// <summary>A granted credit.</summary>
internal sealed record CreditView(string Member, string Month, decimal Krw, string Reason, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static CreditView Of(CreditRecord c) => new(c.MemberId, c.Month, c.Krw, c.Reason, c.CreatedBy, c.CreatedAt);
}
