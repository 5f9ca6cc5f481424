namespace Sandbox.Orchestrator.Accounts;

/// <summary>Credentials exchanged for a bearer token.</summary>
internal sealed record TokenRequest(string? Email, string? Password);
