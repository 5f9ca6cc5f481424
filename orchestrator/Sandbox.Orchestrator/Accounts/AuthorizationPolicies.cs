namespace Sandbox.Orchestrator.Accounts;

/// <summary>Names of the authorization policies; each requires the role of the same name.</summary>
internal static class AuthorizationPolicies
{
    public const string Admin = Roles.Admin;
    public const string Billing = Roles.Billing;
}
