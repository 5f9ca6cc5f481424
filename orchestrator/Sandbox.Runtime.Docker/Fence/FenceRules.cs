using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Sandbox.Runtime.Docker.Fence;

/// <summary>
/// Builds the packet filter rules that fence sandboxes in: a pure function of the installation's networks and the
/// host's name servers, so the whole rule set is reviewed in one golden file and applied by a small I/O part.
/// </summary>
/// <remarks>
/// Two chains per installation, named after its network name (two installations on one host never share them):
/// <list type="bullet">
/// <item>forwarding (hooked first in Docker's <c>DOCKER-USER</c>): allow-listed destinations first, then, for
/// networks with internet access, the host's name servers (Docker's embedded DNS forwards names from inside the
/// sandbox's namespace) and a refusal of every link-local, private and special range; networks without internet
/// access refuse everything else. Nothing is let in to a sandbox but replies.</item>
/// <item>input (hooked first in <c>INPUT</c>): from the sessions' bridges the host accepts only replies to its own
/// connections (the orchestrator reaching notebooks) and allow-listed destinations; every service on the host,
/// whatever address it listens on, is closed to sandboxes.</item>
/// </list>
/// Only IPv4 is filtered: sessions' networks are created without IPv6 and the engine disables IPv6 inside their
/// sandboxes, so IPv6 destinations of an allow-list have nothing to apply to.
/// </remarks>
internal static class FenceRules
{
    /// <summary>Ranges no sandbox reaches unless allow-listed: this network, loopback, link-local (cloud metadata), private, shared (CGNAT), multicast, reserved.</summary>
    public static IReadOnlyList<string> BlockedRanges { get; } =
    [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16",
        "224.0.0.0/4", "240.0.0.0/4",
    ];

    // Refusals answer at once (a notebook's pip fails fast instead of hanging); drops are for traffic nobody should send.
    private const string Refuse = "-j REJECT --reject-with icmp-admin-prohibited";

    /// <summary>The fence's chain name stem: <c>SANDBOX-</c> and a digest of the network name (chain names hold 28 characters).</summary>
    public static string ChainSuffix(string networkName) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(networkName)))[..8];

    /// <summary>The rule set for the installation whose sessions' networks are named after <paramref name="networkName"/>.</summary>
    public static FenceRuleSet Build(string networkName, IReadOnlyList<FencedNetwork> networks, IReadOnlyList<IPAddress> nameServers)
    {
        var suffix = ChainSuffix(networkName);
        var forward = $"SANDBOX-FWD-{suffix}";
        var input = $"SANDBOX-IN-{suffix}";
        var servers = nameServers.Where(a => IsIPv4(a) && !IPAddress.IsLoopback(a)).Distinct().ToList();
        var forwardRules = new List<string>();
        var inputRules = new List<string>();

        // Sorted by name so the same networks always give the same rules (and the read-back compares equal).
        foreach (var network in networks.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var bridge = network.Bridge;
            var allowed = network.Egress.Allow.Where(d => IsIPv4(d.Network.BaseAddress)).ToList();

            // 1. Forwarding out of the sandboxes' bridge.
            forwardRules.Add($"-A {forward} -o {bridge} -m conntrack ! --ctstate RELATED,ESTABLISHED {Comment($"nothing connects into sandboxes of {network.Name}")} -j DROP");
            foreach (var destination in allowed)
            {
                forwardRules.Add($"-A {forward} -d {destination.Network} -i {bridge}{PortMatch(destination)} {Comment($"{network.Name} may reach {destination} (allow-list)")} -j RETURN");
            }

            if (network.Egress.Internet)
            {
                foreach (var server in servers)
                {
                    forwardRules.Add($"-A {forward} -d {server}/32 -i {bridge} -p udp -m udp --dport 53 {Comment($"{network.Name} resolves names through the name server of the host")} -j RETURN");
                    forwardRules.Add($"-A {forward} -d {server}/32 -i {bridge} -p tcp -m tcp --dport 53 {Comment($"{network.Name} resolves names through the name server of the host")} -j RETURN");
                }

                foreach (var range in BlockedRanges)
                {
                    forwardRules.Add($"-A {forward} -d {range} -i {bridge} {Comment($"{network.Name} may not reach the non-public range {range}")} {Refuse}");
                }
            }
            else
            {
                forwardRules.Add($"-A {forward} -i {bridge} {Comment($"{network.Name} has no internet access")} {Refuse}");
            }

            // 2. Traffic to the host itself: replies to the orchestrator's connections, allow-listed services, nothing else.
            inputRules.Add($"-A {input} -i {bridge} -m conntrack --ctstate RELATED,ESTABLISHED {Comment($"replies from {network.Name} to connections the host opened")} -j RETURN");
            foreach (var destination in allowed)
            {
                inputRules.Add($"-A {input} -d {destination.Network} -i {bridge}{PortMatch(destination)} {Comment($"{network.Name} may reach {destination} (allow-list)")} -j RETURN");
            }

            if (network.Egress.Internet)
            {
                foreach (var server in servers)
                {
                    inputRules.Add($"-A {input} -d {server}/32 -i {bridge} -p udp -m udp --dport 53 {Comment($"{network.Name} resolves names through the name server of the host")} -j RETURN");
                    inputRules.Add($"-A {input} -d {server}/32 -i {bridge} -p tcp -m tcp --dport 53 {Comment($"{network.Name} resolves names through the name server of the host")} -j RETURN");
                }
            }

            inputRules.Add($"-A {input} -i {bridge} {Comment($"{network.Name} may not reach services on the host")} {Refuse}");
        }

        return new FenceRuleSet(
            forward,
            input,
            $"-A DOCKER-USER {Comment($"fence of {networkName}")} -j {forward}",
            $"-A INPUT {Comment($"fence of {networkName}")} -j {input}",
            forwardRules,
            inputRules);
    }

    private static string PortMatch(EgressDestination destination) =>
        destination.Port is { } port ? $" -p tcp -m tcp --dport {port}" : "";

    // Every rule says Sandbox made it. Network names hold no quote or space (the engine's name rule), and the texts
    // hold no apostrophe (iptables-save prints it escaped, and the read-back would differ), so nothing needs escaping.
    private static string Comment(string text) => $"-m comment --comment \"sandbox: {text}\"";

    private static bool IsIPv4(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork;
}
