namespace Sandbox.Orchestrator.Accounts;

/// <summary>The first administrator (section <c>Sandbox:BootstrapAdmin</c>), created at start when no admin exists yet.</summary>
internal sealed class BootstrapAdminOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox:BootstrapAdmin";

    /// <summary>Sign-in e-mail. No default: without it no admin is created.</summary>
    public string? Email { get; set; }

    /// <summary>Password. No default.</summary>
    public string? Password { get; set; }
}
