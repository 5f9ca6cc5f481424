using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Accounts;

/// <summary><c>/api/v1/auth</c>: bearer tokens for scripts and clients.</summary>
internal static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/token", IssueTokenAsync).AllowAnonymous().RequireRateLimiting(SignInRateLimiting.Policy)
            .WithSummary("Exchanges e-mail and password for a bearer token ({accessToken, expiresIn}).");
        return api;
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> IssueTokenAsync(
        TokenRequest request, UserManager<SandboxUser> users, SignInManager<SandboxUser> signIn, AuditLog audit, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return ApiProblem.BadRequest("auth.missing_credentials", "email and password are required.");
        }

        var user = await users.FindByEmailAsync(request.Email.Trim());
        if (user is null)
        {
            await audit.WriteAsync(AuditKinds.SignInFailed, null, null, new { email = request.Email.Trim() }, ct);
            return InvalidCredentials();
        }

        var check = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        await audit.WriteAsync(check.Succeeded ? AuditKinds.SignIn : AuditKinds.SignInFailed, user.Id, user.Id,
            new { email = user.Email, lockedOut = check.IsLockedOut }, ct);
        if (check.IsLockedOut)
        {
            return ApiProblem.Create(StatusCodes.Status429TooManyRequests, "auth.locked_out",
                "Too many failed sign-ins: this account is locked for a while.");
        }

        if (!check.Succeeded)
        {
            return InvalidCredentials();
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, new AuthenticationProperties(), IdentityConstants.BearerScheme);
    }

    private static ProblemHttpResult InvalidCredentials() =>
        ApiProblem.Create(StatusCodes.Status401Unauthorized, "auth.invalid_credentials", "The e-mail or password is wrong.");
}
