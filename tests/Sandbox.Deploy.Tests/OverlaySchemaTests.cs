namespace Sandbox.Deploy.Tests;

/// <summary>Every overlay renders, and every object it renders passes the official Kubernetes schemas.</summary>
public sealed class OverlaySchemaTests
{
    public static TheoryData<string> Overlays => new(KubernetesOverlays.Names);

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_rendered_document_passes_the_Kubernetes_schemas(string overlay)
    {
        var rendered = await KubernetesOverlays.RenderAsync(overlay);

        var run = await ManifestScripts.ValidateAsync(rendered.Yaml);

        Assert.True(run.ExitCode == 0, $"validate.mjs on overlays/{overlay}:\n{run.Error}{run.Output}");
        Assert.Equal($"{rendered.Documents.Count} documents, 0 invalid", run.Output.Trim());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_object_names_its_namespace_and_both_namespaces_enforce_the_restricted_standard(string overlay)
    {
        var rendered = await KubernetesOverlays.RenderAsync(overlay);

        var namespaces = rendered.OfKind("Namespace").ToList();
        Assert.Equal(["sandbox", "sandbox-sessions"], namespaces.Select(n => (string?)n["metadata"]!["name"]).Order());
        Assert.All(namespaces, n => Assert.Equal("restricted", (string?)n["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"]));
        Assert.All(rendered.Documents.Where(d => (string?)d["kind"] != "Namespace"), d =>
            Assert.Contains((string?)d["metadata"]!["namespace"], new[] { "sandbox", "sandbox-sessions" }));
    }
}
