namespace Sandbox.Runtime.Kubernetes.Tests;

public sealed class OtherManifestTests
{
    [Fact]
    public void The_secret_matches_the_golden_file() =>
        Golden.AssertMatches("secret", SecretManifest.Build(Specs.Cpu(), Specs.Options(), Specs.Names()));

    [Fact]
    public void The_home_claim_matches_the_golden_file()
    {
        var options = Specs.Options(o => o.Home.StorageClass = "shared-nfs");
        Golden.AssertMatches("home-claim", HomeClaimManifest.Build(Specs.Cpu(), options, Specs.Names(options)));
    }

    [Fact]
    public void The_sessions_network_policy_matches_the_golden_file()
    {
        var options = Specs.Options(o => o.OrchestratorNamespaceLabels.Add(new KubernetesLabel { Key = "kubernetes.io/metadata.name", Value = "sandbox" }));
        Golden.AssertMatches("network-policy-sessions", NetworkPolicyManifests.Sessions(options, Specs.Names(options)));
    }

    [Fact]
    public void The_egress_network_policy_matches_the_golden_file() =>
        Golden.AssertMatches("network-policy-egress", NetworkPolicyManifests.Egress(Specs.InternetAndMirror(), Specs.Options(), Specs.Names())!);

    [Fact]
    public void Internet_is_every_public_ipv4_and_ipv6_address_with_configured_private_ranges_excepted_by_family()
    {
        var options = Specs.Options(o =>
        {
            o.PrivateRanges.Add("10.0.0.0/8");
            o.PrivateRanges.Add("2001:db8::/32");
            o.PrivateRanges.Add("fd00:10::/32");
        });

        var rule = NetworkPolicyManifests.Egress(Specs.InternetAndMirror(), options, Specs.Names(options))!.Spec.Egress[0];

        Assert.Null(rule.Ports);
        Assert.Equal(
            new[] { ("0.0.0.0/0", "10.0.0.0/8"), ("::/0", "fc00::/7 fe80::/10 ::1/128 2001:db8::/32") },
            rule.To.Select(peer => (peer.IpBlock.Cidr, string.Join(' ', peer.IpBlock.Except))));
    }

    [Fact]
    public void A_session_without_egress_needs_no_egress_policy()
    {
        Assert.Null(NetworkPolicyManifests.Egress(EgressPolicy.None, Specs.Options(), Specs.Names()));
        Assert.Equal("none", KubernetesNames.EgressKey(EgressPolicy.None));
    }

    [Fact]
    public void An_allow_list_without_internet_allows_only_its_destinations()
    {
        var policy = new EgressPolicy(false, [EgressDestination.TryParse("10.2.0.5:3128", out _)!]);

        var manifest = NetworkPolicyManifests.Egress(policy, Specs.Options(), Specs.Names())!;

        var rule = Assert.Single(manifest.Spec.Egress);
        Assert.Equal("10.2.0.5/32", Assert.Single(rule.To).IpBlock.Cidr);
        Assert.Equal("3128", Assert.Single(rule.Ports).Port.Value);
        Assert.Equal(KubernetesNames.EgressKey(policy), manifest.Spec.PodSelector.MatchLabels["sandbox.coop/egress"]);
    }

    [Fact]
    public void The_secret_is_owned_by_the_pod_through_a_merge_patch()
    {
        var pod = new k8s.Models.V1Pod { Metadata = new k8s.Models.V1ObjectMeta { Name = "sbx-inst0example-s1", Uid = "u-1" } };

        Assert.Equal(
            """{"metadata":{"ownerReferences":[{"apiVersion":"v1","blockOwnerDeletion":false,"controller":false,"kind":"Pod","name":"sbx-inst0example-s1","uid":"u-1"}]}}""",
            SecretManifest.OwnerPatch(pod));
    }

    [Fact]
    public void The_home_claim_size_comes_from_the_core_else_the_default()
    {
        var spec = Specs.Cpu() with { Home = new HomeVolume("member-7", "/home/jovyan") { SizeGiB = 25 } };
        var options = Specs.Options(o => o.Home.DefaultSizeGiB = 3);

        Assert.Equal("25Gi", HomeClaimManifest.Build(spec, options, Specs.Names(options)).Spec.Resources.Requests["storage"].ToString());
        Assert.Equal("3Gi", HomeClaimManifest.Build(Specs.Cpu(), options, Specs.Names(options)).Spec.Resources.Requests["storage"].ToString());
    }
}
