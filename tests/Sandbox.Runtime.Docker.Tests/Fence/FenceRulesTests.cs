using System.Net;
using Sandbox.Runtime.Docker.Fence;

namespace Sandbox.Runtime.Docker.Tests.Fence;

public sealed class FenceRulesTests
{
    private static readonly EgressDestination Mirror = EgressDestination.TryParse("10.2.0.5:3128", out _)!;
    private static readonly EgressDestination Lab = EgressDestination.TryParse("192.168.40.0/24", out _)!;
    private static readonly EgressDestination V6Mirror = EgressDestination.TryParse("[fd00::5]:443", out _)!;

    private static readonly IReadOnlyList<FencedNetwork> Networks =
    [
        new("sandbox-sessions-none", "br-000000000001", EgressPolicy.None),
        new("sandbox-sessions-internet", "br-000000000002", EgressPolicy.PublicInternet),
        new("sandbox-sessions-none-1a2b3c4d", "br-000000000003", new EgressPolicy(false, [Mirror, V6Mirror])),
        new("sandbox-sessions-internet-5e6f7a8b", "br-000000000004", new EgressPolicy(true, [Lab])),
    ];

    private static readonly IReadOnlyList<IPAddress> NameServers = [IPAddress.Parse("10.255.255.53"), IPAddress.Parse("127.0.0.53"), IPAddress.Parse("fd00::53")];

    [Fact]
    public void The_rule_set_matches_the_golden_file()
    {
        var rules = FenceRules.Build("sandbox-sessions", Networks, NameServers);

        var golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "fence-restore.txt"));
        Assert.Equal(golden.ReplaceLineEndings("\n"), rules.RestoreInput(addForwardHook: true, addInputHook: true));
    }

    [Fact]
    public void The_same_networks_in_another_order_give_the_same_rules()
    {
        var once = FenceRules.Build("sandbox-sessions", Networks, NameServers);
        var again = FenceRules.Build("sandbox-sessions", Networks.Reverse().ToList(), NameServers);

        Assert.Equal(once.ForwardRules, again.ForwardRules);
        Assert.Equal(once.InputRules, again.InputRules);
    }

    [Fact]
    public void Two_installations_get_chains_of_their_own_within_the_length_iptables_allows()
    {
        var first = FenceRules.Build("sandbox-sessions", [], []);
        var second = FenceRules.Build("sandbox-sessions-staging", [], []);

        Assert.NotEqual(first.ForwardChain, second.ForwardChain);
        Assert.NotEqual(first.InputChain, second.InputChain);
        Assert.All([first.ForwardChain, first.InputChain, second.ForwardChain, second.InputChain], chain => Assert.InRange(chain.Length, 1, 28));
        Assert.Contains("sandbox-sessions-staging", second.ForwardHook, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_listed_destinations_come_before_every_refusal_of_their_network()
    {
        var rules = FenceRules.Build("sandbox-sessions", Networks, NameServers);

        foreach (var chain in new[] { rules.ForwardRules, rules.InputRules })
        {
            var ofMirrorNetwork = chain.Where(r => r.Contains("br-000000000003", StringComparison.Ordinal)).ToList();
            var allow = ofMirrorNetwork.FindIndex(r => r.Contains("-d 10.2.0.5/32", StringComparison.Ordinal) && r.Contains("--dport 3128", StringComparison.Ordinal));
            var firstRefusal = ofMirrorNetwork.FindIndex(r => r.EndsWith("-j REJECT --reject-with icmp-admin-prohibited", StringComparison.Ordinal));
            Assert.InRange(allow, 0, firstRefusal - 1);
        }
    }

    [Fact]
    public void Networks_with_internet_refuse_every_private_and_link_local_range_but_reach_the_name_server()
    {
        var rules = FenceRules.Build("sandbox-sessions", Networks, NameServers);
        var internet = rules.ForwardRules.Where(r => r.Contains("-i br-000000000002", StringComparison.Ordinal)).ToList();

        foreach (var range in new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16" })
        {
            Assert.Contains(internet, r => r.StartsWith($"-A {rules.ForwardChain} -d {range} -i br-000000000002 ", StringComparison.Ordinal) && r.Contains("REJECT", StringComparison.Ordinal));
        }

        var dns = internet.FindIndex(r => r.Contains("-d 10.255.255.53/32", StringComparison.Ordinal) && r.Contains("--dport 53", StringComparison.Ordinal));
        var private10 = internet.FindIndex(r => r.Contains("-d 10.0.0.0/8", StringComparison.Ordinal));
        Assert.InRange(dns, 0, private10 - 1);
        Assert.DoesNotContain(internet, r => r.Contains("127.0.0.53", StringComparison.Ordinal));
    }

    [Fact]
    public void Networks_without_internet_refuse_everything_that_is_not_allow_listed()
    {
        var rules = FenceRules.Build("sandbox-sessions", Networks, NameServers);

        var none = rules.ForwardRules.Where(r => r.Contains("-i br-000000000001", StringComparison.Ordinal)).ToList();

        var refusal = Assert.Single(none);
        Assert.Equal($"-A {rules.ForwardChain} -i br-000000000001 -m comment --comment \"sandbox: sandbox-sessions-none has no internet access\" -j REJECT --reject-with icmp-admin-prohibited", refusal);
        Assert.DoesNotContain(rules.ForwardRules, r => r.Contains("10.255.255.53", StringComparison.Ordinal) && r.Contains("br-000000000001", StringComparison.Ordinal));
    }

    [Fact]
    public void The_host_accepts_only_replies_and_allow_listed_destinations_from_the_sessions_bridges()
    {
        var rules = FenceRules.Build("sandbox-sessions", Networks, NameServers);
        var fromNone = rules.InputRules.Where(r => r.Contains("-i br-000000000001", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, fromNone.Count);
        Assert.Contains("--ctstate RELATED,ESTABLISHED", fromNone[0], StringComparison.Ordinal);
        Assert.EndsWith("-j RETURN", fromNone[0], StringComparison.Ordinal);
        Assert.EndsWith("-j REJECT --reject-with icmp-admin-prohibited", fromNone[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Ipv6_destinations_are_left_out_because_sandboxes_have_no_ipv6()
    {
        var rules = FenceRules.Build("sandbox-sessions", Networks, NameServers);

        Assert.DoesNotContain(rules.ForwardRules.Concat(rules.InputRules), r => r.Contains("fd00", StringComparison.Ordinal));
    }
}
