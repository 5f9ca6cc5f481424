namespace Sandbox.IntegrationTests.Authorization;

/// <summary>One kind of caller in the role matrix: anonymous (no token), or a signed-in account with roles.</summary>
internal sealed record Persona(string Name, string? Id, string? Email, string? Token, IReadOnlyList<string> Roles)
{
    public const string Password = "persona-password-1";

    public bool SignedIn => Token is not null;

    public static Persona Anonymous { get; } = new("anonymous", null, null, null, []);

    public override string ToString() => Name;
}
