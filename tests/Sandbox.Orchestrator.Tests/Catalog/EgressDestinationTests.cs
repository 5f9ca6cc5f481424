using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Catalog;

public sealed class EgressDestinationTests
{
    [Theory]
    [InlineData("10.2.0.5", "10.2.0.5/32")]
    [InlineData(" 10.2.0.0/16 ", "10.2.0.0/16")]
    [InlineData("10.2.0.5:3128", "10.2.0.5/32:3128")]
    [InlineData("10.2.0.0/24:80", "10.2.0.0/24:80")]
    [InlineData("fd00::5", "fd00::5/128")]
    [InlineData("fd00::/64", "fd00::/64")]
    [InlineData("[fd00::5]:443", "[fd00::5/128]:443")]
    [InlineData("[fd00::/64]:443", "[fd00::/64]:443")]
    public void Addresses_ranges_and_ports_are_read_and_written_back_canonically(string text, string canonical)
    {
        var destination = EgressDestination.TryParse(text, out var error);

        Assert.Null(error);
        Assert.Equal(canonical, destination!.ToString());
        Assert.Equal(destination, EgressDestination.TryParse(canonical, out _));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("mirror.example", "host names are not accepted")]
    [InlineData("mirror.example:3128", "host names are not accepted")]
    [InlineData("10.2", "host names are not accepted")]
    [InlineData("10.1.2.3/8", "host bit")]
    [InlineData("10.2.0.5:0", "TCP port")]
    [InlineData("10.2.0.5:http", "TCP port")]
    [InlineData("[fd00::5", "does not close")]
    [InlineData("[fd00::5]443", "not ':PORT'")]
    public void Anything_else_is_refused_with_the_reason(string text, string reason)
    {
        Assert.Null(EgressDestination.TryParse(text, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
