using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Sandbox.NotebookProxy.Problems;

/// <summary>
/// Turns a <see cref="ProxyFailure"/> into the caller's answer: RFC 9457 problem+json with a stable <c>reason</c>,
/// or, when the response already started or nobody is listening, no answer at all.
/// </summary>
internal static class ProxyProblems
{
    public const string SessionNotFound = "proxy.session_not_found";
    public const string OriginRefused = "proxy.origin_refused";
    public const string BrowserRefused = "proxy.browser_refused";
    public const string UpstreamUnavailable = "proxy.upstream_unavailable";
    public const string UpstreamTimeout = "proxy.upstream_timeout";
    public const string RequestBodyTooLarge = "proxy.request_body_too_large";
    public const string BadRequestBody = "proxy.bad_request_body";

    public static Task WriteAsync(HttpContext context, ProxyFailure failure)
    {
        var (status, reason, title, detail) = failure switch
        {
            ProxyFailure.SessionNotFound => (404, SessionNotFound, "Not found", "There is no notebook session with this id that you may use."),
            ProxyFailure.OriginRefused => (403, OriginRefused, "Forbidden", "Requests to a notebook from another site's page are refused."),
            ProxyFailure.BrowserRefused => (403, BrowserRefused, "Forbidden", "Notebooks are not shown as pages here; open them at their own address."),
            ProxyFailure.UpstreamUnavailable => (502, UpstreamUnavailable, "Bad gateway", "The notebook server could not be reached."),
            ProxyFailure.UpstreamTimeout => (504, UpstreamTimeout, "Gateway timeout", "The notebook server did not answer in time."),
            ProxyFailure.RequestBodyTooLarge => (413, RequestBodyTooLarge, "Request too large", "The request body is larger than the notebook proxy accepts."),
            ProxyFailure.BadRequestBody => (400, BadRequestBody, "Bad request", "The request body could not be read."),
            _ => (0, string.Empty, string.Empty, string.Empty),
        };

        if (status == 0 || context.RequestAborted.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        if (context.Response.HasStarted)
        {
            // Too late for a status: cutting the connection is the only way left to say the response is not whole.
            context.Abort();
            return Task.CompletedTask;
        }

        // The forwarder may have set a status and copied some of the notebook's headers before it failed.
        context.Response.Clear();
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://sandbox.coop/problems/{reason}",
        };
        problem.Extensions["reason"] = reason;
        return TypedResults.Problem(problem).ExecuteAsync(context);
    }
}
