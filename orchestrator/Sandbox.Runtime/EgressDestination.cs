using System.Globalization;
using System.Net;

namespace Sandbox.Runtime;

/// <summary>
/// One destination a sandbox may reach whatever its egress policy: an address range and, optionally, one TCP port
/// (for example a package mirror at <c>10.2.0.5:3128</c>). Addresses only: a host name would have to be resolved
/// once, when the rules are made, and its address can change afterwards, so names are refused.
/// </summary>
/// <param name="Network">The address range; a single address is a /32 (IPv4) or /128 (IPv6).</param>
/// <param name="Port">The TCP port, or null for every port and protocol.</param>
public sealed record EgressDestination(IPNetwork Network, int? Port)
{
    /// <summary>
    /// Reads <c>ADDRESS[/PREFIX][:PORT]</c>, with IPv6 addresses in brackets when a port follows
    /// (<c>[fd00::5]:443</c>). Returns null and says why when the text is not such a destination.
    /// </summary>
    public static EgressDestination? TryParse(string? text, out string? error)
    {
        error = null;
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            error = "is empty";
            return null;
        }

        // 1. Split off the port: after "]" for bracketed IPv6, after the only ":" for IPv4.
        string range;
        string? port = null;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{value}' opens a '[' it does not close";
                return null;
            }

            range = value[1..close];
            var rest = value[(close + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':'))
                {
                    error = $"'{value}' has text after ']' that is not ':PORT'";
                    return null;
                }

                port = rest[1..];
            }
        }
        else if (value.Count(c => c == ':') == 1)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            range = value[..colon];
            port = value[(colon + 1)..];
        }
        else
        {
            range = value;
        }

        // 2. The port, if any.
        int? portNumber = null;
        if (port is not null)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                error = $"'{value}' has '{port}' where a TCP port (1-65535) belongs";
                return null;
            }

            portNumber = number;
        }

        // 3. The range: a bare address is a single host; a prefix must not leave host bits set (10.1.2.3/8 is a mistake).
        if (!range.Contains('/', StringComparison.Ordinal))
        {
            if (!IPAddress.TryParse(range, out var address) || !LooksLikeAddress(range))
            {
                error = $"'{value}' is not an IP address or CIDR range (host names are not accepted: their addresses can change after the rules are made)";
                return null;
            }

            return new EgressDestination(new IPNetwork(address, address.GetAddressBytes().Length * 8), portNumber);
        }

        if (!IPNetwork.TryParse(range, out var network) || !LooksLikeAddress(range[..range.IndexOf('/', StringComparison.Ordinal)]))
        {
            error = $"'{value}' is not a valid CIDR range";
            return null;
        }

        // The parser quietly clears host bits; a range written with them is more likely a typo than a wish.
        if (!network.BaseAddress.Equals(IPAddress.Parse(range[..range.IndexOf('/', StringComparison.Ordinal)])))
        {
            error = $"'{value}' is not a valid CIDR range: it sets host bits after the prefix (did you mean {network}?)";
            return null;
        }

        return new EgressDestination(network, portNumber);
    }

    /// <summary>The canonical text <see cref="TryParse"/> reads back: <c>10.2.0.0/16</c>, <c>10.2.0.5/32:3128</c>, <c>[fd00::/64]:443</c>.</summary>
    public override string ToString()
    {
        var range = Network.ToString();
        if (Port is null)
        {
            return range;
        }

        var port = Port.Value.ToString(CultureInfo.InvariantCulture);
        return Network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{range}]:{port}" : $"{range}:{port}";
    }

    // IPAddress.TryParse also accepts "10" or "10.1" (as 0.0.0.10, 10.0.0.1): too surprising for a firewall rule.
    private static bool LooksLikeAddress(string text) => text.Contains(':', StringComparison.Ordinal) || text.Count(c => c == '.') == 3;
}
