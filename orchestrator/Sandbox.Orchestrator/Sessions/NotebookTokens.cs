using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Per-session Jupyter tokens: random, known only to the orchestrator, stored encrypted with its data-protection keys.
/// </summary>
internal sealed class NotebookTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Sandbox.Sessions.NotebookToken.v1");

    /// <summary>A new token, already protected for storage.</summary>
    public string NewProtected() => _protector.Protect(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    /// <summary>The token in clear, for the notebook's environment and the proxy.</summary>
    public string Unprotect(string protectedToken) => _protector.Unprotect(protectedToken);
}
