using Microsoft.AspNetCore.Authentication;
using Sandbox.Orchestrator.Audit;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// Audits requests that came with credentials the orchestrator refused: a bearer token it cannot read (malformed, or
/// protected with another key), one that expired, or one that was signed out (<see cref="SecurityStampCheckMiddleware"/>).
/// The caller gets the usual 401; the log gets one entry per address and kind a minute, never the token itself.
/// </summary>
internal sealed class CredentialRefusalAuditMiddleware(RequestDelegate next, RefusalAudit throttle)
{
    /// <summary>Set by the stamp check when it refused a signed-out token or cookie.</summary>
    public const string SignedOutItem = "sandbox.signed_out";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true && RefusedAs(context) is { } reason)
        {
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            await throttle.WriteAsync(context.RequestServices.GetRequiredService<AuditLog>(), address, reason, target: null,
                AuditKinds.CredentialsRefused, actorId: null,
                new { reason, scheme = AuthSchemes.HasBearerToken(context.Request) ? "bearer" : "cookie", path = context.Request.Path.Value },
                context.RequestAborted);
        }

        await next(context);
    }

    private static string? RefusedAs(HttpContext context)
    {
        if (context.Items.ContainsKey(SignedOutItem))
        {
            return "signed_out";
        }

        var failure = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure;
        if (failure is null)
        {
            return AuthSchemes.HasBearerToken(context.Request) ? "unreadable" : null;
        }

        return failure.Message.Contains("expired", StringComparison.OrdinalIgnoreCase) ? "expired" : "unreadable";
    }
}
