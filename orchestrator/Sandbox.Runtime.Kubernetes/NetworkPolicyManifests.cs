using System.Net;
using System.Net.Sockets;
using k8s.Models;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>
/// Builds the installation's NetworkPolicies in the sessions' namespace. Policies add up (a connection is allowed when
/// any policy selecting the pod allows it), so there are two kinds:
/// <list type="bullet">
/// <item>one <em>sessions</em> policy selecting every session pod of the installation: ingress only from the
/// orchestrator's pods, egress only to cluster DNS;</item>
/// <item>one <em>egress</em> policy per distinct <see cref="EgressPolicy"/> in use, selecting the pods whose egress label
/// carries its key: public internet addresses (every IPv4 address but the private, link-local and loopback ranges, and
/// every IPv6 address but the unique-local, link-local and loopback ranges and any IPv6 private range configured) when
/// the policy grants the internet, and each allow-listed destination (with its port, if any).</item>
/// </list>
/// A session whose policy is <see cref="EgressPolicy.None"/> falls under the sessions policy only. Pure.
/// </summary>
internal static class NetworkPolicyManifests
{
    /// <summary>The policy every session pod of the installation falls under.</summary>
    public static V1NetworkPolicy Sessions(KubernetesRuntimeOptions options, KubernetesNames names)
    {
        var orchestrator = new V1NetworkPolicyPeer
        {
            PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(options.EffectiveOrchestratorPodLabels, StringComparer.Ordinal) },
            NamespaceSelector = options.OrchestratorNamespaceLabels.Count == 0
                ? null
                : new V1LabelSelector { MatchLabels = KubernetesRuntimeOptions.ToDictionary(options.OrchestratorNamespaceLabels) },
        };
        var dns = EgressDestination.TryParse(options.ClusterDnsCidr, out _)!;
        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta
            {
                Name = names.SessionsPolicyName,
                NamespaceProperty = options.Namespace,
                Labels = names.InstallationLabels(),
            },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = names.InstallationLabels() },
                PolicyTypes = ["Ingress", "Egress"],
                Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [orchestrator] }],
                Egress =
                [
                    new V1NetworkPolicyEgressRule
                    {
                        To = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = dns.Network.ToString() } }],
                        Ports =
                        [
                            new V1NetworkPolicyPort { Protocol = "UDP", Port = options.ClusterDnsPort },
                            new V1NetworkPolicyPort { Protocol = "TCP", Port = options.ClusterDnsPort },
                        ],
                    },
                ],
            },
        };
    }

    /// <summary>The IPv4 ranges of <paramref name="ranges"/>, in their order.</summary>
    private static List<string> Ipv4Except(IEnumerable<IPNetwork> ranges) =>
        ranges.Where(range => range.BaseAddress.AddressFamily == AddressFamily.InterNetwork).Select(range => range.ToString()).ToList();

    /// <summary>
    /// <see cref="KubernetesRuntimeOptions.Ipv6NonPublicRanges"/>, then each IPv6 range of <paramref name="ranges"/> they do
    /// not already cover, in its order.
    /// </summary>
    private static List<string> Ipv6Except(IEnumerable<IPNetwork> ranges)
    {
        var except = KubernetesRuntimeOptions.Ipv6NonPublicRanges.Select(IPNetwork.Parse).ToList();
        foreach (var range in ranges.Where(range => range.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6))
        {
            if (!except.Any(known => known.PrefixLength <= range.PrefixLength && known.Contains(range.BaseAddress)))
            {
                except.Add(range);
            }
        }

        return except.Select(range => range.ToString()).ToList();
    }

    /// <summary>The policy of one egress policy, or null for <see cref="EgressPolicy.None"/> (nothing to allow).</summary>
    public static V1NetworkPolicy? Egress(EgressPolicy policy, KubernetesRuntimeOptions options, KubernetesNames names)
    {
        var key = KubernetesNames.EgressKey(policy);
        if (key == "none")
        {
            return null;
        }

        var rules = new List<V1NetworkPolicyEgressRule>();
        if (policy.Internet)
        {
            var ranges = options.EffectivePrivateRanges.Select(range => EgressDestination.TryParse(range, out _)!.Network).ToList();
            rules.Add(new V1NetworkPolicyEgressRule
            {
                To =
                [
                    new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = "0.0.0.0/0", Except = Ipv4Except(ranges) } },
                    new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = "::/0", Except = Ipv6Except(ranges) } },
                ],
            });
        }

        foreach (var destination in policy.Allow)
        {
            rules.Add(new V1NetworkPolicyEgressRule
            {
                To = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = destination.Network.ToString() } }],
                Ports = destination.Port is { } port ? [new V1NetworkPolicyPort { Protocol = "TCP", Port = port }] : null,
            });
        }

        var selector = names.InstallationLabels();
        selector[names.Labels.Egress] = key;
        var labels = names.InstallationLabels();
        labels[names.Labels.Egress] = key;
        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta
            {
                Name = names.EgressPolicyNameOf(key),
                NamespaceProperty = options.Namespace,
                Labels = labels,
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [names.Labels.EgressPolicy] = policy.ToString() },
            },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = selector },
                PolicyTypes = ["Egress"],
                Egress = rules,
            },
        };
    }
}
