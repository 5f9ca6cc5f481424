namespace Sandbox.Deploy.Tests;

/// <summary>The Ingress serves the portal's host and every notebook origin, as the orchestrator's settings name them.</summary>
public sealed class IngressTests
{
    public static TheoryData<string> Overlays => new(KubernetesOverlays.Names);

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_ingress_has_the_portal_host_and_the_wildcard_host_of_the_notebook_origins(string overlay)
    {
        var rendered = await KubernetesOverlays.RenderAsync(overlay);
        var settings = OrchestratorDeploymentTests.Settings(rendered);
        var portalHost = new Uri(settings["Sandbox__Proxy__PortalOrigin"]!).Host;
        var notebookHost = "*." + settings["Sandbox__Proxy__NotebookHost"];

        var spec = rendered.Single("Ingress", "sandbox")["spec"]!;
        var hosts = spec["rules"]!.AsArray().Select(r => (string?)r!["host"]).ToList();
        Assert.Equal([portalHost, notebookHost], hosts);
        Assert.All(spec["rules"]!.AsArray(), rule =>
            Assert.Equal("sandbox-orchestrator", (string?)rule!["http"]!["paths"]![0]!["backend"]!["service"]!["name"]));
        if (settings["Sandbox__Proxy__PortalOrigin"]!.StartsWith("https://", StringComparison.Ordinal))
        {
            var tls = Assert.Single(spec["tls"]!.AsArray())!;
            Assert.Equal([portalHost, notebookHost], tls["hosts"]!.AsArray().Select(h => (string?)h));
            Assert.False(string.IsNullOrEmpty((string?)tls["secretName"]));
        }
    }
}
