using Sandbox.Orchestrator.NotebookOrigins;

namespace Sandbox.Orchestrator.Tests.NotebookOrigins;

public sealed class SandboxOriginsTests
{
    [Theory]
    [InlineData("nb.localhost", "http://127.0.0.1:5080", "http://abcdefghijklmnop.nb.localhost:5080/")]
    [InlineData("nb.coop.example", "https://coop.example", "https://abcdefghijklmnop.nb.coop.example/")]
    [InlineData("nb.coop.example:8443", "https://coop.example", "https://abcdefghijklmnop.nb.coop.example:8443/")]
    public void A_notebook_url_is_the_root_of_its_own_origin_with_the_portal_scheme(string notebookHost, string portal, string expected)
    {
        var origins = new SandboxOrigins(new NotebookOriginOptions { NotebookHost = notebookHost }, new Uri(portal));
        Assert.Equal(expected, origins.NotebookUrlOf("abcdefghijklmnop"));
    }

    [Theory]
    [InlineData("http://abcdefghijklmnop.nb.localhost:5080", true)]
    [InlineData("http://evil.nb.localhost", true)]
    [InlineData("http://127.0.0.1:5080", false)]
    [InlineData("null", false)]
    [InlineData("http://nb.localhost.example", false)]
    public void Tells_notebook_origins_from_others(string origin, bool notebook) =>
        Assert.Equal(notebook, new SandboxOrigins(new NotebookOriginOptions(), new Uri("http://127.0.0.1:5080")).IsNotebookOrigin(origin));

    [Fact]
    public void The_portal_origin_is_written_as_browsers_write_it() =>
        Assert.Equal("https://coop.example", new SandboxOrigins(new NotebookOriginOptions(), new Uri("https://coop.example:443/")).PortalOriginText);
}
