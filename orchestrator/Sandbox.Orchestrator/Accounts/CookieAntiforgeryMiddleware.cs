using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// An unsafe API request (POST, PUT, PATCH, DELETE) authenticated by the portal's cookie must echo the anti-forgery
/// token in <see cref="AuthSchemes.AntiforgeryHeaderName"/>: a page of another site can make the browser send the
/// cookie (older browsers, or a same-site subdomain) but cannot read the token. Bearer requests are not affected (a
/// browser never adds that header on its own), nor anonymous endpoints. The notebook proxy is not under this rule: its
/// unsafe requests are refused unless they come from this origin (OriginPolicy), and Jupyter checks its own token.
/// </summary>
internal sealed class CookieAntiforgeryMiddleware(RequestDelegate next, IAntiforgery antiforgery)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (NeedsToken(context) && !await antiforgery.IsRequestValidAsync(context))
        {
            await ApiProblem.Create(StatusCodes.Status400BadRequest, "auth.antiforgery",
                    $"This request was authenticated by the portal's cookie and needs the anti-forgery token in the {AuthSchemes.AntiforgeryHeaderName} header (GET /api/v1/auth/antiforgery).")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static bool NeedsToken(HttpContext context)
    {
        var request = context.Request;
        return !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
            && request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            && context.User.Identity?.IsAuthenticated == true
            && !AuthSchemes.HasBearerToken(request)
            && context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null;
    }
}
