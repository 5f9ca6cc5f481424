namespace Sandbox.Orchestrator.Accounts;

/// <summary>A request to create a member account.</summary>
internal sealed record NewMember(string? Email, string? Password, string? DisplayName, string? Tier, IReadOnlyList<string>? Roles);
