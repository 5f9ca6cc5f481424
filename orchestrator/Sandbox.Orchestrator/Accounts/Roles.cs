namespace Sandbox.Orchestrator.Accounts;

/// <summary>The roles an account may hold besides analyst, which every account is.</summary>
internal static class Roles
{
    /// <summary>Cooperative mentors, invited into sessions.</summary>
    public const string Mentor = "mentor";

    /// <summary>Billing staff.</summary>
    public const string Billing = "billing";

    /// <summary>Administrators.</summary>
    public const string Admin = "admin";

    /// <summary>Every role that can be granted.</summary>
    public static IReadOnlyList<string> All { get; } = [Mentor, Billing, Admin];
}
