namespace Sandbox.Testing.Browser;

/// <summary>A cookie as the browser stores it (from <c>Network.getCookies</c>), HttpOnly ones included.</summary>
/// <param name="SameSite">"Strict", "Lax" or "None"; null when the server did not say.</param>
public sealed record BrowserCookie(string Name, string Value, string Domain, string Path, bool HttpOnly, bool Secure, string? SameSite);
