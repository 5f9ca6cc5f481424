namespace Sandbox.Orchestrator.Accounts;

/// <summary>Protection of sign-in (section <c>Sandbox:SignIn</c>). Accounts also lock for 5 minutes after 5 wrong passwords.</summary>
internal sealed class SignInOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox:SignIn";

    /// <summary>Sign-in attempts accepted per client address per minute; more are answered 429. Default 30.</summary>
    public int AttemptsPerAddressPerMinute { get; set; } = 30;
}
