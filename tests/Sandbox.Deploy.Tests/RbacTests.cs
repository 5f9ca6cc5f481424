using System.Text.Json.Nodes;

namespace Sandbox.Deploy.Tests;

/// <summary>The orchestrator may do what the Kubernetes adapter does, in the sessions namespace, and nothing more.</summary>
public sealed class RbacTests
{
    /// <summary>What the adapter uses: resource ("group/resource") to verbs.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["/pods"] = ["get", "list", "watch", "create", "delete"],
        ["/pods/log"] = ["get"],
        ["/secrets"] = ["get", "create", "patch", "delete", "list"],
        ["/persistentvolumeclaims"] = ["get", "list", "watch", "create"],
        ["/events"] = ["get", "list", "watch"],
        ["networking.k8s.io/networkpolicies"] = ["get", "list", "watch", "create", "update", "patch", "delete"],
    };

    public static TheoryData<string> Overlays => new(KubernetesOverlays.Names);

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_only_role_is_in_the_sessions_namespace_and_grants_no_verb_beyond_the_adapters(string overlay)
    {
        var rendered = await KubernetesOverlays.RenderAsync(overlay);

        var role = Assert.Single(rendered.OfKind("Role"));
        Assert.Equal("sandbox-sessions", (string?)role["metadata"]!["namespace"]);
        foreach (var rule in role["rules"]!.AsArray().Select(r => r!.AsObject()))
        {
            Assert.Null(rule["resourceNames"]);
            Assert.Null(rule["nonResourceURLs"]);
            foreach (var group in Strings(rule["apiGroups"]))
            {
                foreach (var resource in Strings(rule["resources"]))
                {
                    Assert.True(Allowed.TryGetValue($"{group}/{resource}", out var verbs), $"the Role grants {group}/{resource}");
                    Assert.All(Strings(rule["verbs"]), verb => Assert.Contains(verb, verbs));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Nothing_is_granted_cluster_wide_and_the_binding_names_the_orchestrators_account(string overlay)
    {
        var rendered = await KubernetesOverlays.RenderAsync(overlay);

        Assert.Empty(rendered.OfKind("ClusterRole"));
        Assert.Empty(rendered.OfKind("ClusterRoleBinding"));
        var binding = Assert.Single(rendered.OfKind("RoleBinding"));
        Assert.Equal("sandbox-sessions", (string?)binding["metadata"]!["namespace"]);
        Assert.Equal("Role", (string?)binding["roleRef"]!["kind"]);
        var subject = Assert.Single(binding["subjects"]!.AsArray())!;
        Assert.Equal(("ServiceAccount", "sandbox-orchestrator", "sandbox"),
            ((string?)subject["kind"], (string?)subject["name"], (string?)subject["namespace"]));
        var deployment = rendered.Single("Deployment", "sandbox-orchestrator");
        Assert.Equal("sandbox-orchestrator", (string?)deployment["spec"]!["template"]!["spec"]!["serviceAccountName"]);
    }

    private static IEnumerable<string> Strings(JsonNode? array) => array!.AsArray().Select(n => (string)n!);
}
