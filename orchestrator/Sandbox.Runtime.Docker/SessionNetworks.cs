using System.Security.Cryptography;
using System.Text;
using Docker.DotNet.Models;
using Sandbox.Runtime.Docker.Fence;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// Which network a sandbox joins for its egress policy, and how a network records its policy in labels so the fence
/// can be rebuilt from the engine alone (after a restart, with no configuration at hand). Pure.
/// </summary>
/// <remarks>
/// One network per distinct policy, because the fence tells sandboxes apart by the bridge they come from: a shared
/// bridge could not give two profiles different allow-lists. A policy with neither internet nor an allow-list gets an
/// <c>internal</c> network, which the engine itself gives no route out, beneath the fence.
/// </remarks>
internal static class SessionNetworks
{
    private const string BridgeNameOption = "com.docker.network.bridge.name";

    /// <summary>The network of <paramref name="egress"/> in the installation whose network stem is <paramref name="stem"/>.</summary>
    public static string NameOf(string stem, EgressPolicy egress)
    {
        var kind = egress.Internet ? "internet" : "none";
        if (egress.Allow.Count == 0)
        {
            return $"{stem}-{kind}";
        }

        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(AllowText(egress))))[..8].ToLowerInvariant();
        return $"{stem}-{kind}-{digest}";
    }

    /// <summary>Whether the engine should give the network no route out at all.</summary>
    public static bool IsInternal(EgressPolicy egress) => !egress.Internet && egress.Allow.Count == 0;

    /// <summary>The labels of a sessions' network: made by Sandbox, by which installation, under which fence, with which policy.</summary>
    public static Dictionary<string, string> LabelsOf(DockerNames names, EgressPolicy egress)
    {
        var labels = names.Labels;
        var result = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [labels.Managed] = "true",
            [labels.Installation] = names.Installation.Id,
            [labels.Fence] = names.NetworkStem,
            [labels.Egress] = egress.Internet ? "internet" : "none",
        };
        if (egress.Allow.Count > 0)
        {
            result[labels.EgressAllow] = AllowText(egress);
        }

        return result;
    }

    /// <summary>
    /// The policy a network's labels record. Whatever cannot be read counts as nothing allowed: a damaged label
    /// must close the fence, not open it.
    /// </summary>
    public static EgressPolicy PolicyOf(SandboxLabels labels, IDictionary<string, string>? networkLabels)
    {
        var internet = Client.EngineLabels.Get(networkLabels, labels.Egress) == "internet";
        var allow = (Client.EngineLabels.Get(networkLabels, labels.EgressAllow) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(text => EgressDestination.TryParse(text, out _))
            .OfType<EgressDestination>()
            .ToList();
        return new EgressPolicy(internet, allow);
    }

    /// <summary>The host-side bridge interface of a bridge network: the engine names it after the network's id unless told otherwise.</summary>
    public static string BridgeOf(NetworkResponse network) =>
        Client.EngineLabels.Get(network.Options, BridgeNameOption) is { Length: > 0 } name ? name : "br-" + network.ID[..12];

    /// <summary>The fence's view of a network of this installation.</summary>
    public static FencedNetwork Fenced(SandboxLabels labels, NetworkResponse network) =>
        new(network.Name, BridgeOf(network), PolicyOf(labels, network.Labels));

    private static string AllowText(EgressPolicy egress) => string.Join(',', egress.Allow.Select(d => d.ToString()));
}
