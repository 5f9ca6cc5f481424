using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Sandbox.Orchestrator.Replicas;
using Sandbox.Orchestrator.Audit;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// <c>/api/v1/auth</c>: bearer tokens for scripts and clients, the portal's cookie sign-in and its anti-forgery token,
/// and sign-out, which ends every token and cookie the member holds.
/// </summary>
internal static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/token", IssueTokenAsync).AllowAnonymous().RequireRateLimiting(SignInRateLimiting.Policy)
            .WithSummary("Exchanges e-mail and password for a bearer token ({accessToken, expiresIn}).");
        auth.MapPost("/signin", SignInWithCookieAsync).AllowAnonymous().RequireRateLimiting(SignInRateLimiting.Policy)
            .WithSummary("The portal's sign-in: sets an HttpOnly, SameSite=Strict cookie (Secure over HTTPS). Unsafe requests made with it need the anti-forgery token.");
        auth.MapGet("/antiforgery", IssueAntiforgeryToken)
            .WithSummary($"The anti-forgery token ({{headerName, token}}) the portal sends in {AuthSchemes.AntiforgeryHeaderName} on unsafe requests.");
        auth.MapPost("/signout", SignOutAsync)
            .WithSummary("Ends every token and cookie of the caller (on every device), and removes the portal's cookie.");
        return api;
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> IssueTokenAsync(
        TokenRequest request, CredentialCheck credentials, CancellationToken ct)
    {
        var (principal, problem) = await credentials.CheckAsync(request, "token", ct);
        return principal is null ? problem! : TypedResults.SignIn(principal, new AuthenticationProperties(), AuthSchemes.Bearer);
    }

    private static async Task<Results<Ok<SignedIn>, ProblemHttpResult>> SignInWithCookieAsync(
        TokenRequest request, CredentialCheck credentials, HttpContext context, CancellationToken ct)
    {
        var (principal, problem) = await credentials.CheckAsync(request, "cookie", ct);
        if (principal is null)
        {
            return problem!;
        }

        await context.SignInAsync(AuthSchemes.Cookie, principal, new AuthenticationProperties { IsPersistent = false });
        return TypedResults.Ok(new SignedIn(principal.MemberId(), principal.Identity?.Name));
    }

    private static Ok<AntiforgeryToken> IssueAntiforgeryToken(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(new AntiforgeryToken(tokens.HeaderName ?? AuthSchemes.AntiforgeryHeaderName, tokens.RequestToken!));
    }

    private static async Task<NoContent> SignOutAsync(
        HttpContext context, UserManager<SandboxUser> users, IReplicaCommands replicas, AuditLog audit, CancellationToken ct)
    {
        var memberId = context.User.MemberId();
        var user = await users.FindByIdAsync(memberId);
        if (user is not null)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        // Every replica forgets the old stamp and closes the connections opened with it (notebook sockets, the hub).
        await replicas.SendAsync(new CredentialsChanged(memberId), ct);
        if (!AuthSchemes.HasBearerToken(context.Request))
        {
            await context.SignOutAsync(AuthSchemes.Cookie);
        }

        await audit.WriteAsync(AuditKinds.SignOut, memberId, memberId, null, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Who signed in.</summary>
    internal sealed record SignedIn(string Id, string? Email);

    /// <summary>The anti-forgery token and the header to send it in.</summary>
    internal sealed record AntiforgeryToken(string HeaderName, string Token);
}
