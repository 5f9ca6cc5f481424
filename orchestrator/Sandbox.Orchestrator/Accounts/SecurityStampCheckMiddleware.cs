using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// Runs after authentication: a caller whose token or cookie carries a stale security stamp (signed out since, or
/// roles or password changed) is treated as not signed in, so authorization answers 401 as for any other caller
/// without valid credentials.
/// </summary>
internal sealed class SecurityStampCheckMiddleware(RequestDelegate next, SecurityStamps stamps, IOptions<IdentityOptions> identity)
{
    private readonly string _stampClaim = identity.Value.ClaimsIdentity.SecurityStampClaimType;

    public async Task InvokeAsync(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true
            && user.FindFirstValue(_stampClaim) is { } stamp
            && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } memberId)
        {
            var services = context.RequestServices;
            if (!await stamps.IsCurrentAsync(memberId, stamp, services.GetRequiredService<SandboxDbContext>, context.RequestAborted))
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
                context.Items[CredentialRefusalAuditMiddleware.SignedOutItem] = true;
            }
        }

        await next(context);
    }
}
