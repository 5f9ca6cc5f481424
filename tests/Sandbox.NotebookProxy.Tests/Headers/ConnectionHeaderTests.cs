using Microsoft.Extensions.Primitives;
using Sandbox.NotebookProxy.Headers;

namespace Sandbox.NotebookProxy.Tests.Headers;

public sealed class ConnectionHeaderTests
{
    [Theory]
    [InlineData("keep-alive")]
    [InlineData("close")]
    [InlineData("Upgrade")]
    [InlineData("keep-alive, Upgrade")]
    [InlineData("")]
    public void Only_connection_options_name_no_other_header(string value)
    {
        Assert.False(ConnectionHeader.NamesOtherHeaders(new StringValues(value)));
    }

    [Theory]
    [InlineData("close, X-Caller-Hop", "X-Caller-Hop")]
    [InlineData("X-A,x-caller-hop", "X-Caller-Hop")]
    [InlineData(" , X-Caller-Hop ,", "x-caller-hop")]
    public void A_listed_header_is_found_whatever_its_case_and_spacing(string value, string name)
    {
        var connection = new StringValues(value);

        Assert.True(ConnectionHeader.NamesOtherHeaders(connection));
        Assert.True(ConnectionHeader.Names(connection, name));
        Assert.False(ConnectionHeader.Names(connection, "X-Other"));
    }

    [Fact]
    public void Every_value_of_a_repeated_connection_header_counts()
    {
        var connection = new StringValues(["keep-alive", "X-Second"]);

        Assert.True(ConnectionHeader.Names(connection, "X-Second"));
    }
}
