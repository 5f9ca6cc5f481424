using Microsoft.AspNetCore.Http.HttpResults;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Health;

/// <summary>The answer to a request that needs the runtime while it cannot be reached: 503 <c>runtime.unavailable</c>, to be tried again.</summary>
internal static class RuntimeUnavailableProblem
{
    /// <summary>What people are told (the portal has its own words for the reason).</summary>
    public const string Detail = "The notebook runtime (the Docker engine or the cluster) cannot be reached now: no session can start. Running sessions and billing are not affected; try again in a minute.";

    /// <summary>How long a client should wait before trying again, in seconds.</summary>
    public const int RetryAfterSeconds = 10;

    public static ProblemHttpResult Create(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiProblem.Create(StatusCodes.Status503ServiceUnavailable, ProblemReasons.RuntimeUnavailable, Detail);
    }
}
