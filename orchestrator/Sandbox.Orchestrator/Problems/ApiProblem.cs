using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Sandbox.Orchestrator.Problems;

/// <summary>RFC 9457 problem details with Sandbox's stable machine-readable <c>reason</c>.</summary>
internal static class ApiProblem
{
    public static ProblemHttpResult Create(int status, string reason, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = TitleOf(status),
            Detail = detail,
            Type = $"https://sandbox.coop/problems/{reason}",
        };
        problem.Extensions["reason"] = reason;
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult BadRequest(string reason, string detail) => Create(StatusCodes.Status400BadRequest, reason, detail);

    public static ProblemHttpResult NotFound(string reason, string detail) => Create(StatusCodes.Status404NotFound, reason, detail);

    public static ProblemHttpResult Conflict(string reason, string detail) => Create(StatusCodes.Status409Conflict, reason, detail);

    public static ProblemHttpResult Forbidden(string reason, string detail) => Create(StatusCodes.Status403Forbidden, reason, detail);

    /// <summary>Every validation error at once; the response's reason is the first error's.</summary>
    public static ProblemHttpResult Invalid(IReadOnlyList<ValidationError> errors) => Create(
        StatusCodes.Status400BadRequest,
        errors[0].Reason,
        errors.Count == 1 ? errors[0].Message : $"{errors[0].Message} (and {errors.Count - 1} more)",
        new Dictionary<string, object?> { ["errors"] = errors });

    public static string TitleOf(int status) => status switch
    {
        400 => "Bad request",
        401 => "Not signed in",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        413 => "Request too large",
        415 => "Unsupported media type",
        422 => "Unprocessable content",
        429 => "Too many requests",
        502 => "Bad gateway",
        503 => "Unavailable",
        504 => "Gateway timeout",
        _ => "Error",
    };
}
