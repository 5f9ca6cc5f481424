using System.Net;

namespace Sandbox.Runtime.Docker.Fence;

/// <summary>
/// The name servers Docker's embedded DNS forwards to: those of the host's <c>resolv.conf</c>. Networks with internet
/// access must reach them, even on a private address (cloud resolvers usually are), or names stop resolving.
/// </summary>
internal static class HostNameServers
{
    private const string ResolvConf = "/etc/resolv.conf";

    // Where the engine looks instead when resolv.conf names only systemd-resolved's local stub.
    private const string SystemdResolvConf = "/run/systemd/resolve/resolv.conf";

    /// <summary>Reads the host's name servers as the engine does; none when the files cannot be read.</summary>
    public static IReadOnlyList<IPAddress> Read()
    {
        var servers = Parse(ReadOrEmpty(ResolvConf));
        return servers.Count > 0 && servers.All(IPAddress.IsLoopback) ? Parse(ReadOrEmpty(SystemdResolvConf)) : servers;
    }

    /// <summary>The <c>nameserver</c> addresses of a <c>resolv.conf</c> text, in order, loopback ones included.</summary>
    public static IReadOnlyList<IPAddress> Parse(string text) =>
        text.Split('\n')
            .Select(line => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 2 && fields[0] == "nameserver")
            .Select(fields => IPAddress.TryParse(fields[1].Split('%')[0], out var address) ? address : null)
            .OfType<IPAddress>()
            .ToList();

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
