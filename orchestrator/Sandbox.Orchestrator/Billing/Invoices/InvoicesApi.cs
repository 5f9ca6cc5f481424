using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Problems;
using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Billing.Invoices;

/// <summary>A month's invoices (issued or live), their issued versions, and explicit re-issues.</summary>
internal static class InvoicesApi
{
    /// <summary>The header naming the issued version a response carries (absent for a live computation).</summary>
    public const string VersionHeader = "X-Invoice-Version";

    /// <summary>The header carrying when that version was issued.</summary>
    public const string IssuedAtHeader = "X-Invoice-Issued-At";

    public static RouteGroupBuilder MapInvoicesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/invoices", InvoicesAsync).WithTags("Billing").RequireAuthorization(AuthorizationPolicies.Billing)
            .WithSummary("A month's invoices as JSON, or CSV with Accept: text/csv (billing staff, admins): the latest issued version, else computed live.");
        api.MapGet("/invoices/{month}/versions", VersionsAsync).WithTags("Billing").RequireAuthorization(AuthorizationPolicies.Billing)
            .WithSummary("Every issued version of a month, oldest first (billing staff, admins).");
        api.MapPost("/invoices/{month}/reissue", ReissueAsync).WithTags("Billing").RequireAuthorization(AuthorizationPolicies.Billing)
            .WithSummary("Issues the next version of a closed month; earlier versions stay (billing staff, admins).");
        return api;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> InvoicesAsync(
        string? month, HttpRequest request, HttpResponse response, InvoiceIssuer issuer, CancellationToken ct)
    {
        if (!BillingMonth.TryParse(month, out var billingMonth))
        {
            return InvalidMonth();
        }

        // 1. An issued month answers with its latest version, exactly as stored.
        var csv = request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true);
        if (await issuer.LatestAsync(billingMonth, ct) is { } issued)
        {
            response.Headers[VersionHeader] = issued.Version.ToString(CultureInfo.InvariantCulture);
            response.Headers[IssuedAtHeader] = issued.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            return csv
                ? TypedResults.File(Encoding.UTF8.GetBytes(issued.Csv), "text/csv; charset=utf-8", $"invoices-{billingMonth}.csv")
                : TypedResults.File(Encoding.UTF8.GetBytes(issued.Json), "application/json");
        }

        // 2. Otherwise the run as it stands now.
        var result = await issuer.ComputeAsync(billingMonth, ct);
        if (result.Run is not { } run)
        {
            return InvalidData(result.Errors);
        }

        return csv
            ? TypedResults.File(Encoding.UTF8.GetBytes(InvoiceCsv.ToCsvString(run)), "text/csv; charset=utf-8", $"invoices-{billingMonth}.csv")
            : TypedResults.File(InvoiceJson.ToUtf8Bytes(run), "application/json");
    }

    private static async Task<Results<Ok<IReadOnlyList<IssuedInvoiceVersionView>>, ProblemHttpResult>> VersionsAsync(
        string month, InvoiceIssuer issuer, CancellationToken ct) =>
        BillingMonth.TryParse(month, out var billingMonth)
            ? TypedResults.Ok(await issuer.VersionsAsync(billingMonth, ct))
            : InvalidMonth();

    private static async Task<Results<Created<IssuedInvoiceVersionView>, ProblemHttpResult>> ReissueAsync(
        string month, ClaimsPrincipal user, InvoiceIssuer issuer, CancellationToken ct)
    {
        if (!BillingMonth.TryParse(month, out var billingMonth))
        {
            return InvalidMonth();
        }

        var outcome = await issuer.ReissueAsync(billingMonth, user.MemberId(), ct);
        switch (outcome.Status)
        {
            case InvoiceIssueStatus.Issued:
                var version = (await issuer.VersionsAsync(billingMonth, ct)).Single(v => v.Version == outcome.Issued!.Version);
                return TypedResults.Created($"/api/v1/invoices/{billingMonth}/versions", version);
            case InvoiceIssueStatus.NotClosed:
                return ApiProblem.Conflict("invoices.month_not_closed",
                    $"{billingMonth} is not closed yet: a month can be issued from 00:10 on the 1st of the next month in the billing time zone.");
            case InvoiceIssueStatus.InvalidData:
                return InvalidData(outcome.Errors);
            default:
                return ApiProblem.Conflict("invoices.reissue_contended", "Other re-issues of this month kept taking the next version; try again.");
        }
    }

    private static ProblemHttpResult InvalidMonth() =>
        ApiProblem.BadRequest("billing.invalid_month", "month must be YYYY-MM, for example 2026-11.");

    private static ProblemHttpResult InvalidData(IReadOnlyList<BillingError> errors) =>
        ApiProblem.Create(StatusCodes.Status409Conflict, "billing.invalid_data",
            "The stored billing data is inconsistent: " + string.Join("; ", errors.Select(e => e.ToString())));
}
