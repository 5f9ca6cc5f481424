using System.Security.Claims;

namespace Sandbox.Orchestrator.Accounts.Oidc;

/// <summary>
/// The principal a single-sign-on request runs as: the member found by e-mail, with only the roles the provider's
/// token grants (through <see cref="OidcOptions.RoleMap"/>).
/// </summary>
/// <remarks>
/// Roles stored in Sandbox are deliberately not added. With single sign-on the provider is where the cooperative
/// grants and withdraws access; adding stored roles would let a role withdrawn at the provider live on here, and would
/// give two places to check when asking "who can see invoices?". A member who also has a password keeps their stored
/// roles when signing in with it.
/// </remarks>
internal static class OidcMemberPrincipal
{
    public static ClaimsPrincipal Create(SandboxUser member, IEnumerable<string> providerRoles, IReadOnlyDictionary<string, string> roleMap)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, member.Id),
            new(ClaimTypes.Name, member.UserName ?? member.Email ?? member.Id),
            new(ClaimTypes.Email, member.Email ?? ""),
        };
        claims.AddRange(MapRoles(providerRoles, roleMap).Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, OidcScheme.Name, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The Sandbox roles the provider's values map to, each once, in a stable order; unmapped values grant nothing.</summary>
    public static IReadOnlyList<string> MapRoles(IEnumerable<string> providerRoles, IReadOnlyDictionary<string, string> roleMap) =>
        providerRoles
            .Select(value => roleMap.TryGetValue(value, out var role) ? role : null)
            .OfType<string>()
            .Where(Roles.All.Contains)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}
