namespace Sandbox.Runtime.Kubernetes.Tests;

public sealed class KubernetesNamesTests
{
    private static readonly KubernetesNames Names = Specs.Names();

    [Fact]
    public void Names_carry_the_installation_id()
    {
        Assert.Equal("sbx-inst0example-abcdefghijklmnop", Names.PodNameOf("abcdefghijklmnop"));
        Assert.Equal("sbx-inst0example-abcdefghijklmnop-token", Names.SecretNameOf("abcdefghijklmnop"));
        Assert.Equal("home-inst0example-member-7", Names.HomeClaimNameOf(new HomeVolume("member-7", "/home/jovyan")));
        Assert.Equal("sbx-inst0example-sessions", Names.SessionsPolicyName);
        Assert.Equal("sandbox.coop/installation=inst0example,sandbox.coop/session", Names.SessionSelector);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("with_underscore")]
    [InlineData("a-b")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz")]
    public void A_session_id_that_cannot_name_a_pod_is_refused(string sessionId) =>
        Assert.Equal("invalid_spec", Assert.Throws<RuntimeException>(() => Names.PodNameOf(sessionId)).Reason);

    [Fact]
    public void Member_ids_that_are_not_label_values_are_hashed_stably()
    {
        var key = KubernetesNames.MemberKey("3F2504E0-4F89-11D3-9A0C-0305E82C3301");

        Assert.StartsWith("m-", key, StringComparison.Ordinal);
        Assert.Equal(22, key.Length);
        Assert.Equal(key, KubernetesNames.MemberKey("3F2504E0-4F89-11D3-9A0C-0305E82C3301"));
        Assert.NotEqual(key, KubernetesNames.MemberKey("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        Assert.Equal("3f2504e0-4f89-11d3-9a0c-0305e82c3301", KubernetesNames.MemberKey("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
    }

    [Fact]
    public void The_same_egress_policy_always_gets_the_same_key_and_another_one_another()
    {
        var a = KubernetesNames.EgressKey(Specs.InternetAndMirror());

        Assert.Equal(a, KubernetesNames.EgressKey(Specs.InternetAndMirror()));
        Assert.NotEqual(a, KubernetesNames.EgressKey(EgressPolicy.PublicInternet));
        Assert.Matches("^e-[0-9a-f]{12}$", a);
    }

    [Fact]
    public void Only_this_installations_objects_of_the_session_are_the_sessions()
    {
        var labels = Names.SessionLabels(Specs.Cpu(), "none");

        Assert.True(Names.IsSessions(labels, "s0000000000000042"));
        Assert.False(Names.IsSessions(labels, "s0000000000000043"));
        labels["sandbox.coop/installation"] = "otherinstall";
        Assert.False(Names.IsSessions(labels, "s0000000000000042"));
        Assert.False(Names.IsSessions(null, "s0000000000000042"));
    }
}
