using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// Checks an e-mail and password for any way of signing in (token or cookie): lockout after repeated failures, every
/// attempt audited, the same answer whether the e-mail or the password is wrong.
/// </summary>
internal sealed class CredentialCheck(UserManager<SandboxUser> users, SignInManager<SandboxUser> signIn, AuditLog audit)
{
    /// <summary>The member's principal (with its security stamp), or the problem to answer.</summary>
    public async Task<(ClaimsPrincipal? Principal, ProblemHttpResult? Problem)> CheckAsync(TokenRequest request, string via, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return (null, ApiProblem.BadRequest("auth.missing_credentials", "email and password are required."));
        }

        var email = request.Email.Trim();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            await audit.WriteAsync(AuditKinds.SignInFailed, null, null, new { email, via }, ct);
            return (null, InvalidCredentials());
        }

        var check = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        var disabled = check.Succeeded && user.DisabledAt is not null;
        await audit.WriteAsync(check.Succeeded && !disabled ? AuditKinds.SignIn : AuditKinds.SignInFailed, user.Id, user.Id,
            new { email = user.Email, via, lockedOut = check.IsLockedOut, disabled }, ct);
        if (check.IsLockedOut)
        {
            return (null, ApiProblem.Create(StatusCodes.Status429TooManyRequests, "auth.locked_out",
                "Too many failed sign-ins: this account is locked for a while."));
        }

        if (!check.Succeeded)
        {
            return (null, InvalidCredentials());
        }

        // The right password of a disabled account: said plainly (the member knows their password was right).
        if (disabled)
        {
            return (null, ApiProblem.Forbidden("auth.member_disabled", "This account is disabled: ask the cooperative's admins."));
        }

        return (await signIn.CreateUserPrincipalAsync(user), null);
    }

    private static ProblemHttpResult InvalidCredentials() =>
        ApiProblem.Create(StatusCodes.Status401Unauthorized, "auth.invalid_credentials", "The e-mail or password is wrong.");
}
