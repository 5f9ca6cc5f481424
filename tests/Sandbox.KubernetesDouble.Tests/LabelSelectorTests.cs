using k8s;

namespace Sandbox.KubernetesDouble.Tests;

/// <summary>The label selector grammar, on its own and through the API (as KubernetesClient encodes it).</summary>
public sealed class LabelSelectorTests : ApiDoubleTestBase
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["app.kubernetes.io/name"] = "sandbox",
        ["tier"] = "gpu",
        ["empty"] = "",
    };

    [Theory]
    [InlineData("", true)]
    [InlineData("tier=gpu", true)]
    [InlineData("tier==gpu", true)]
    [InlineData("tier = gpu", true)]
    [InlineData("tier=cpu", false)]
    [InlineData("tier!=cpu", true)]
    [InlineData("tier!=gpu", false)]
    [InlineData("missing!=x", true)]
    [InlineData("tier in (cpu,gpu)", true)]
    [InlineData("tier in (cpu, small)", false)]
    [InlineData("tier notin (cpu)", true)]
    [InlineData("tier notin (gpu,cpu)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("missing in (x)", false)]
    [InlineData("tier", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!tier", false)]
    [InlineData("app.kubernetes.io/name=sandbox,tier in (gpu),!missing", true)]
    [InlineData("app.kubernetes.io/name=sandbox,tier=cpu", false)]
    [InlineData("empty=", true)]
    public void Requirements_match_as_documented(string selector, bool matches) =>
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("tier in (gpu")]
    [InlineData("bad key=1")]
    [InlineData("tier=has space")]
    [InlineData("=x")]
    public void Malformed_selectors_are_a_bad_request(string selector)
    {
        var error = Assert.Throws<ApiException>(() => LabelSelector.Parse(selector));
        Assert.Equal(400, error.Code);
        Assert.Equal("BadRequest", error.Reason);
    }

    [Fact]
    public async Task The_client_encoded_selector_selects_over_http()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("a", new Dictionary<string, string> { ["tier"] = "gpu", ["sandbox.coop/installation"] = "i1" }), Ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("b", new Dictionary<string, string> { ["tier"] = "cpu", ["sandbox.coop/installation"] = "i1" }), Ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("c"), Ns);

        async Task<string[]> Names(string selector) =>
            (await Client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: selector)).Items.Select(p => p.Metadata.Name).ToArray();

        Assert.Equal(["a", "b"], await Names("sandbox.coop/installation=i1"));
        Assert.Equal(["a"], await Names("sandbox.coop/installation=i1,tier in (gpu,large)"));
        Assert.Equal(["b", "c"], await Names("tier notin (gpu)"));
        Assert.Equal(["c"], await Names("!tier"));
        var status = await FailsWith(400, () => Names("tier in (gpu"));
        Assert.Equal("BadRequest", status.Reason);
    }
}
