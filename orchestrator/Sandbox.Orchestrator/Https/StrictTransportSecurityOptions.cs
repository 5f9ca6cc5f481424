namespace Sandbox.Orchestrator.Https;

/// <summary>
/// The <c>Strict-Transport-Security</c> header on the portal's HTTPS responses (section <c>Sandbox:Hsts</c>): once a
/// browser has seen the portal over HTTPS, it never again tries it over plain HTTP, where a network attacker could strip
/// TLS. Sent only on HTTPS requests (as the client made them, behind a trusted proxy), never for <c>localhost</c>,
/// <c>127.0.0.1</c> or <c>[::1]</c>, and not by notebook origins (each is a host of its own that a browser reaches only
/// through the portal's links).
/// </summary>
internal sealed class StrictTransportSecurityOptions
{
    public const string Section = "Sandbox:Hsts";

    /// <summary>
    /// How long browsers remember to use HTTPS only (<c>max-age</c>). Default 180 days; <c>00:00:00</c> sends
    /// <c>max-age=0</c>, which tells browsers to forget it (the way to undo HSTS).
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(180);

    /// <summary>
    /// Whether the rule covers every subdomain of the portal's host too (<c>includeSubDomains</c>). Default false: with
    /// the portal at <c>coop.example</c> it would bind every <c>*.coop.example</c> of the cooperative (other tools, and
    /// notebook hosts placed under it) to HTTPS for <see cref="MaxAge"/>, which is not the portal's to decide. Turn it on
    /// when every name under the portal's host is served over HTTPS.
    /// </summary>
    public bool IncludeSubDomains { get; set; }
}
