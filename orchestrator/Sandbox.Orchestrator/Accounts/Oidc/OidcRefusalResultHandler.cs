using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Accounts.Oidc;

/// <summary>
/// Answers 403 <c>auth.oidc_unknown_member</c> instead of the usual 401 when the caller's single-sign-on token was
/// valid but named no member: signing in again would not help, so "not signed in" would mislead. Everything else goes
/// to ASP.NET Core's own handling.
/// </summary>
internal sealed class OidcRefusalResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged && context.Items.ContainsKey(OidcScheme.UnknownMemberItem))
        {
            await ApiProblem.Forbidden(OidcScheme.UnknownMemberReason,
                "The identity provider vouched for this e-mail, but it is not a member's. An admin can add the member with this e-mail.")
                .ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
