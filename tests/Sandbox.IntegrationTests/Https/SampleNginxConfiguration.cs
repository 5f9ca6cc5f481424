using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Https;

/// <summary>
/// The README's nginx set-up (deploy/nginx/sandbox.conf and sandbox-proxy.conf) made runnable on loopback: the same
/// servers, headers and timeouts, with the example names, ports, certificate and upstream replaced. Each replacement must
/// find its text, so a sample that drifts fails here instead of passing untested.
/// </summary>
internal static class SampleNginxConfiguration
{
    private static string Sample(string file) => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "nginx", file));

    /// <summary>
    /// Writes the proxy parameters into <paramref name="folder"/> and returns the servers' configuration (nginx's http
    /// context). nginx connects to the orchestrator from <paramref name="proxyAddress"/>, so the orchestrator can tell its
    /// requests from anyone else's on the same machine.
    /// </summary>
    public static string Write(string folder, TlsSettings settings)
    {
        var parameters = Path.Combine(folder, "sandbox-proxy.conf");
        File.WriteAllText(parameters, Sample("sandbox-proxy.conf") + $"\nproxy_bind {settings.ProxyAddress};\n");

        return Replace(Sample("sandbox.conf"),
            ("portal.coop.example", settings.PortalHost),
            ("nb.coop.example", settings.NotebookHost),
            ("listen [::]:80;", ""),
            ("listen 80;", $"listen 127.0.0.1:{settings.HttpPort};"),
            ("listen [::]:443 ssl default_server;", ""),
            ("listen [::]:443 ssl;", ""),
            ("listen 443 ssl", $"listen 127.0.0.1:{settings.HttpsPort} ssl"),
            ("/etc/ssl/sandbox/portal.crt", settings.CertificatePath),
            ("/etc/ssl/sandbox/portal.key", settings.KeyPath),
            ("/etc/ssl/sandbox/nb-wildcard.crt", settings.CertificatePath),
            ("/etc/ssl/sandbox/nb-wildcard.key", settings.KeyPath),
            ("/etc/nginx/sandbox-proxy.conf", parameters),
            ("server 127.0.0.1:5080;", $"server 127.0.0.1:{settings.OrchestratorPort};"));
    }

    private static string Replace(string text, params (string From, string To)[] replacements)
    {
        foreach (var (from, to) in replacements)
        {
            if (!text.Contains(from, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"deploy/nginx/sandbox.conf no longer contains '{from}': update the test's replacements with the sample.");
            }

            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }
}

/// <summary>What the loopback set-up uses in place of the sample's names and ports.</summary>
internal sealed record TlsSettings(
    string PortalHost, string NotebookHost, int HttpsPort, int HttpPort, int OrchestratorPort, string ProxyAddress, string CertificatePath, string KeyPath);
