namespace Sandbox.Orchestrator.Datasets.Registry;

/// <summary>
/// The OCI registry data images are pushed to (section <c>Sandbox:Registry</c>). Without <see cref="Url"/> there is
/// none: images are loaded from their layouts into where sessions run instead (one engine).
/// </summary>
internal sealed class RegistryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox:Registry";

    /// <summary>
    /// The registry's base address, <c>http://</c> or <c>https://</c>, host and optional port, no path
    /// (for example <c>http://127.0.0.1:5000</c>). Default unset: no registry.
    /// </summary>
    public Uri? Url { get; set; }

    /// <summary>The repository below the registry's host that data images go to, as <c>{Repository}/{dataset name}</c>. Default <c>sandbox-data</c>.</summary>
    public string Repository { get; set; } = "sandbox-data";

    /// <summary>User name for HTTP basic authentication (a registry with htpasswd). Default unset: anonymous.</summary>
    public string? Username { get; set; }

    /// <summary>Password that goes with <see cref="Username"/>. Default unset.</summary>
    public string? Password { get; set; }

    /// <summary>Upper bound of one registry request, a whole blob upload included. Default 00:30:00 (30 minutes).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Whether a registry is configured.</summary>
    public bool Enabled => Url is not null;

    /// <summary>The credentials for the registry, when a user name is configured; else null (anonymous).</summary>
    public Sandbox.Runtime.RegistryCredentials? Credentials =>
        Enabled && Username is { Length: > 0 } user ? new Sandbox.Runtime.RegistryCredentials(Host, user, Password ?? "") : null;

    /// <summary>The registry as image references name it: host and port, no scheme (<c>127.0.0.1:5000</c>).</summary>
    public string Host => Url is null ? "" : Url.IsDefaultPort ? Url.Host : $"{Url.Host}:{Url.Port}";
}
