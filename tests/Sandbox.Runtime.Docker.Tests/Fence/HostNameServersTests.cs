using System.Net;
using Sandbox.Runtime.Docker.Fence;

namespace Sandbox.Runtime.Docker.Tests.Fence;

public sealed class HostNameServersTests
{
    [Fact]
    public void Name_servers_are_read_in_order_and_everything_else_is_ignored()
    {
        var text = "# made by hand\nsearch example.internal\nnameserver 10.255.255.53\nnameserver\tfe80::1%eth0\noptions ndots:2\nnameserver not-an-address\nnameserver 127.0.0.53\n";

        Assert.Equal(
            [IPAddress.Parse("10.255.255.53"), IPAddress.Parse("fe80::1"), IPAddress.Parse("127.0.0.53")],
            HostNameServers.Parse(text));
    }
}
