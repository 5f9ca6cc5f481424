using Microsoft.AspNetCore.Http;
using Sandbox.Orchestrator.NotebookOrigins;

namespace Sandbox.Orchestrator.Tests.NotebookOrigins;

public sealed class NotebookHostNameTests
{
    private static NotebookHostName Parse(string value) => NotebookHostName.TryParse(value, out var host) ? host : throw new ArgumentException(value);

    [Theory]
    [InlineData("nb.localhost", "nb.localhost", null)]
    [InlineData("NB.Coop.Example:8443", "nb.coop.example", 8443)]
    public void Parses_host_and_optional_port(string value, string host, int? port)
    {
        var parsed = Parse(value);
        Assert.Equal(host, parsed.Host);
        Assert.Equal(port, parsed.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://nb.localhost")]
    [InlineData("nb.localhost/path")]
    [InlineData("user@nb.localhost")]
    [InlineData(".nb.localhost")]
    [InlineData("127.0.0.1")]
    public void Refuses_what_is_not_a_host_name(string value) => Assert.False(NotebookHostName.TryParse(value, out _));

    [Theory]
    [InlineData("abcdefghijklmnop.nb.localhost:5080", "abcdefghijklmnop")]
    [InlineData("abcdefghijklmnop.nb.localhost", "abcdefghijklmnop")]
    [InlineData("ABCDEFGHIJKLMNOP.nb.localhost", null)]
    [InlineData("abcdefghijklmno1.nb.localhost", null)]
    [InlineData("x.abcdefghijklmnop.nb.localhost", null)]
    [InlineData("abcdefghijklmnop.xnb.localhost", null)]
    [InlineData("nb.localhost", null)]
    [InlineData("127.0.0.1:5080", null)]
    public void Finds_the_session_a_host_names(string host, string? session) =>
        Assert.Equal(session, Parse("nb.localhost").SessionOf(HostString.FromUriComponent(host)));

    [Theory]
    [InlineData("nb.localhost", true)]
    [InlineData("anything.nb.localhost:1", true)]
    [InlineData("a.b.NB.localhost", true)]
    [InlineData("xnb.localhost", false)]
    [InlineData("localhost", false)]
    [InlineData("127.0.0.1:5080", false)]
    public void Covers_the_host_and_every_name_under_it(string host, bool covered) =>
        Assert.Equal(covered, Parse("nb.localhost").Covers(HostString.FromUriComponent(host)));
}
