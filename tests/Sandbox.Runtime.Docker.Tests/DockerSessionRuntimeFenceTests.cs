using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Runtime.Docker.Fence;

namespace Sandbox.Runtime.Docker.Tests;

/// <summary>
/// The fence on the real engine and the host's real packet filter. Every packet goes to this machine only: listeners
/// of the test's own on the bridge's host address and in a network namespace the test makes; the rules for link-local
/// and other private ranges are checked by reading the filter table.
/// </summary>
[Collection(DockerEngineTests.Name)]
public sealed class DockerSessionRuntimeFenceTests(DockerEngineFixture engine)
{
    private static readonly EgressPolicy Internet = EgressPolicy.PublicInternet;

    public static TheoryData<string> Policies => ["none", "internet"];

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task A_sandbox_cannot_reach_a_service_on_the_host_side_of_its_network_while_the_host_reaches_the_notebook(string policy)
    {
        var egress = policy == "internet" ? Internet : EgressPolicy.None;
        var (state, seen) = await engine.StartRunningAsync(engine.Spec(engine.NewSessionId()) with { Egress = egress });
        var container = await engine.Docker.Containers.InspectContainerAsync(state.Values[RuntimeStateKeys.ContainerId], CancellationToken.None);
        var gateway = IPAddress.Parse(Assert.Single(container.NetworkSettings!.Networks!.Values).Gateway!);

        using var listener = new TcpListener(gateway, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await ProveListeningAsync(listener, gateway, port);

        var fromSandbox = await WgetAsync(state, $"http://{gateway}:{port}/");

        Assert.NotEqual(0, fromSandbox.ExitCode);
        Assert.False(listener.Pending(), "the sandbox's connection reached the host's listener");
        Assert.Equal(DockerEngineFixture.IndexPage, await engine.GetWhenReadyAsync(seen.Endpoint!));
    }

    [Fact]
    public async Task A_sandbox_with_internet_cannot_reach_a_sandbox_on_another_network_or_its_own()
    {
        var (withInternet, _) = await engine.StartRunningAsync(engine.Spec(engine.NewSessionId(), memberId: "m-net-a") with { Egress = Internet });
        var (_, neighbour) = await engine.StartRunningAsync(engine.Spec(engine.NewSessionId(), memberId: "m-net-b") with { Egress = Internet });
        var (_, isolated) = await engine.StartRunningAsync(engine.Spec(engine.NewSessionId(), memberId: "m-net-c"));
        Assert.Equal(DockerEngineFixture.IndexPage, await engine.GetWhenReadyAsync(neighbour.Endpoint!));
        Assert.Equal(DockerEngineFixture.IndexPage, await engine.GetWhenReadyAsync(isolated.Endpoint!));

        var toItself = await WgetAsync(withInternet, $"http://127.0.0.1:{DockerEngineFixture.NotebookPort}/");
        var toNeighbour = await WgetAsync(withInternet, neighbour.Endpoint!.ToString());
        var toIsolated = await WgetAsync(withInternet, isolated.Endpoint!.ToString());

        Assert.Equal((0, DockerEngineFixture.IndexPage), (toItself.ExitCode, toItself.Output));
        Assert.NotEqual(0, toNeighbour.ExitCode);
        Assert.NotEqual(0, toIsolated.ExitCode);
    }

    [Fact]
    public async Task A_private_address_is_reachable_only_when_allow_listed()
    {
        await using var mirror = await PrivateListener.StartAsync(engine.RunId);
        var entry = EgressDestination.TryParse($"{mirror.Address}:{PrivateListener.Port}", out _)!;
        var otherPort = EgressDestination.TryParse($"{mirror.Address}:{PrivateListener.Port + 1}", out _)!;

        var (allowed, _) = await engine.StartRunningAsync(engine.Spec(engine.NewSessionId()) with { Egress = new EgressPolicy(false, [entry]) });
        var (wrongPort, _) = await engine.StartRunningAsync(engine.Spec(engine.NewSessionId()) with { Egress = new EgressPolicy(false, [otherPort]) });
        var (internetOnly, _) = await engine.StartRunningAsync(engine.Spec(engine.NewSessionId()) with { Egress = Internet });
        var (nothing, _) = await engine.StartRunningAsync(engine.Spec(engine.NewSessionId()));

        var fromAllowed = await WgetAsync(allowed, mirror.Url.ToString());
        var fromWrongPort = await WgetAsync(wrongPort, mirror.Url.ToString());
        var fromInternetOnly = await WgetAsync(internetOnly, mirror.Url.ToString());
        var fromNothing = await WgetAsync(nothing, mirror.Url.ToString());

        Assert.Equal((0, PrivateListener.Page), (fromAllowed.ExitCode, fromAllowed.Output));
        Assert.NotEqual(0, fromWrongPort.ExitCode);
        Assert.NotEqual(0, fromInternetOnly.ExitCode);
        Assert.NotEqual(0, fromNothing.ExitCode);
    }

    [Fact]
    public async Task The_filter_table_closes_link_local_and_private_ranges_to_sandboxes_with_internet()
    {
        var (state, _) = await engine.StartRunningAsync(engine.Spec(engine.NewSessionId()) with { Egress = Internet });
        var network = await (await engine.Connection.ClientAsync(CancellationToken.None)).Networks.InspectNetworkAsync(engine.Names.NetworkStem + "-internet", CancellationToken.None);
        var bridge = SessionNetworks.BridgeOf(network);
        var rules = FenceRules.Build(engine.Names.NetworkStem, [], []);

        var table = (await engine.Fence.SaveAsync(CancellationToken.None)).Split('\n');

        // Other installations on this engine (other tests' fences) hook DOCKER-USER too: ours must be there, before its
        // final RETURN if the engine wrote one.
        var hooks = table.Where(line => line.StartsWith("-A DOCKER-USER ", StringComparison.Ordinal)).ToList();
        Assert.Contains(rules.ForwardHook, hooks);
        var finalReturn = hooks.IndexOf("-A DOCKER-USER -j RETURN");
        Assert.True(finalReturn < 0 || hooks.IndexOf(rules.ForwardHook) < finalReturn, string.Join('\n', hooks));
        Assert.Contains(rules.InputHook, table);
        foreach (var range in new[] { "169.254.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10" })
        {
            Assert.Contains(table, line => line.StartsWith($"-A {rules.ForwardChain} -d {range} -i {bridge} ", StringComparison.Ordinal)
                && line.EndsWith("-j REJECT --reject-with icmp-admin-prohibited", StringComparison.Ordinal));
        }

        Assert.Contains(table, line => line == $"-A {rules.InputChain} -i {bridge} -m comment --comment \"sandbox: {network.Name} may not reach services on the host\" -j REJECT --reject-with icmp-admin-prohibited");
        var ipv6 = await engine.ExecAsync(state, "/bin/busybox", "cat", "/proc/sys/net/ipv6/conf/all/disable_ipv6");
        Assert.Equal("1", ipv6.Output.Trim());
        Assert.False(network.EnableIPv6);
    }

    [Fact]
    public async Task Applying_the_fence_twice_changes_nothing_and_a_rule_removed_by_hand_comes_back()
    {
        await engine.StartRunningAsync(engine.Spec(engine.NewSessionId()));
        var rules = FenceRules.Build(engine.Names.NetworkStem, [], []);
        var runtime = (DockerSessionRuntime)engine.Runtime;

        await runtime.EnsureFenceAsync(CancellationToken.None);
        var once = await engine.Fence.SaveAsync(CancellationToken.None);
        await runtime.EnsureFenceAsync(CancellationToken.None);
        var twice = await engine.Fence.SaveAsync(CancellationToken.None);
        Assert.Equal(Ours(once, rules), Ours(twice, rules));
        Assert.Single(twice.Split('\n'), line => line == rules.ForwardHook);

        var removed = Ours(twice, rules).First(line => line.StartsWith($"-A {rules.InputChain} ", StringComparison.Ordinal));
        var iptables = new IptablesClient();
        Assert.True((await iptables.RestoreAsync($"*filter\n-D {removed[3..]}\nCOMMIT\n", CancellationToken.None)).Succeeded);
        Assert.DoesNotContain(removed, await engine.Fence.SaveAsync(CancellationToken.None), StringComparison.Ordinal);

        await engine.StartRunningAsync(engine.Spec(engine.NewSessionId()));

        Assert.Equal(Ours(twice, rules), Ours(await engine.Fence.SaveAsync(CancellationToken.None), rules));
    }

    [Fact]
    public async Task Without_a_working_packet_filter_no_sandbox_starts_and_the_reason_says_why()
    {
        var failing = new NetworkFence(new IptablesClient("/nonexistent/iptables-save", "/nonexistent/iptables-restore"), engine.Names.NetworkStem, NullLogger<NetworkFence>.Instance);
        var installation = new RuntimeInstallation();
        installation.Set(engine.Names.Installation);
        using var runtime = new DockerSessionRuntime(engine.Connection, engine.Options, installation, _ => failing, NullLogger<DockerSessionRuntime>.Instance);
        var spec = engine.Spec(engine.NewSessionId());

        var refused = await Assert.ThrowsAsync<RuntimeException>(() => runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None));

        Assert.Equal("network_fence_failed", refused.Reason);
        Assert.Contains("iptables-save could not be run", refused.Message, StringComparison.Ordinal);
        Assert.Contains("root or CAP_NET_ADMIN", refused.Message, StringComparison.Ordinal);
        Assert.Equal(RuntimePhase.Absent, (await engine.Runtime.ObserveAsync(spec.SessionId, null, CancellationToken.None)).Phase);
    }

    private static IReadOnlyList<string> Ours(string table, FenceRuleSet rules) =>
        table.Split('\n').Where(line => line.Contains(rules.ForwardChain, StringComparison.Ordinal) || line.Contains(rules.InputChain, StringComparison.Ordinal)).ToList();

    // The host connects to its own listener first: the sandbox's failure is then the fence's doing, not a dead listener.
    private static async Task ProveListeningAsync(TcpListener listener, IPAddress address, int port)
    {
        using var client = new TcpClient();
        var accepting = listener.AcceptTcpClientAsync();
        await client.ConnectAsync(address, port);
        using var accepted = await accepting;
    }

    // busybox's own wget -T crashes here, hence busybox timeout around it; a refusal answers at once anyway.
    private Task<ExecResult> WgetAsync(RuntimeState state, string url) =>
        engine.ExecAsync(state, "/bin/busybox", "timeout", "5", "/bin/busybox", "wget", "-q", "-O", "-", url);
}
