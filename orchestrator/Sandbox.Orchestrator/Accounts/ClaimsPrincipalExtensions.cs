using System.Security.Claims;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>Reads who the caller is.</summary>
internal static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in member's id. Only called behind authorization, so a missing id is a bug.</summary>
    public static string MemberId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The caller has no member id.");
}
