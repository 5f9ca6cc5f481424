using System.Text.Json.Nodes;

namespace Sandbox.Deploy.Tests;

/// <summary>One overlay of deploy/kubernetes as <c>kubectl kustomize</c> renders it: the YAML and its documents.</summary>
internal sealed record RenderedOverlay(string Name, string Yaml, IReadOnlyList<JsonObject> Documents)
{
    /// <summary>Every document of a kind.</summary>
    public IEnumerable<JsonObject> OfKind(string kind) => Documents.Where(d => (string?)d["kind"] == kind);

    /// <summary>The one document of a kind and name; fails the test when there is none or several.</summary>
    public JsonObject Single(string kind, string name) =>
        Assert.Single(OfKind(kind), d => (string?)d["metadata"]?["name"] == name);

    /// <summary>The one document of a kind whose name starts with <paramref name="prefix"/> (generated objects carry a hash suffix).</summary>
    public JsonObject SingleGenerated(string kind, string prefix) =>
        Assert.Single(OfKind(kind), d => ((string?)d["metadata"]?["name"])?.StartsWith(prefix + "-", StringComparison.Ordinal) == true);
}
