using System.Text.Json;

namespace Sandbox.Orchestrator.Problems;

/// <summary>
/// Makes every error a problem+json with a <c>reason</c>: framework statuses (401, 404, 405, ...), bodies that do not
/// bind (malformed JSON, too large), a store that cannot serve now (503 <c>store.unavailable</c>, with Retry-After), and
/// unexpected exceptions (500 without details).
/// </summary>
internal static class ProblemsServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            // The trace this request is part of (W3C trace context: the id to look up in the tracing backend), or the
            // request's own id when no trace is recorded; the log carries the same.
            context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier;
            if (status == 503 && StoreUnavailable.Caused(context.Exception))
            {
                // The store is down or out of connections: worth trying again in a moment.
                context.HttpContext.Response.Headers.RetryAfter = "2";
            }

            if (!context.ProblemDetails.Extensions.ContainsKey("reason"))
            {
                context.ProblemDetails.Extensions["reason"] = ReasonOf(context.Exception, status);
                context.ProblemDetails.Title = ApiProblem.TitleOf(status);
            }
        });

        // Binding failures throw (instead of an empty 400) so the exception handler can answer with a reason.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseSandboxProblems(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                _ when StoreUnavailable.Caused(exception) => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        return app;
    }

    private static string ReasonOf(Exception? exception, int status) => exception switch
    {
        BadHttpRequestException { StatusCode: 413 } => ProblemReasons.BodyTooLarge,
        BadHttpRequestException { InnerException: JsonException } => ProblemReasons.MalformedJson,
        BadHttpRequestException bad when bad.Message.Contains("JSON", StringComparison.OrdinalIgnoreCase) => ProblemReasons.MalformedJson,
        BadHttpRequestException { StatusCode: 415 } => ProblemReasons.UnsupportedMediaType,
        BadHttpRequestException bad when bad.Message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase) => ProblemReasons.MissingBody,
        _ when status == 503 && StoreUnavailable.Caused(exception) => ProblemReasons.StoreUnavailable,
        _ => ProblemReasons.ForStatus(status),
    };
}
