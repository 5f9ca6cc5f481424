namespace Sandbox.Runtime.Docker.Tests;

[Collection(DockerEngineTests.Name)]
public sealed class DockerSessionRuntimeSecurityTests(DockerEngineFixture engine)
{
    [Fact]
    public async Task The_engine_applies_the_sandbox_settings()
    {
        var spec = engine.Spec(engine.NewSessionId(), memberId: "m-security", limits: new ResourceLimits(Cpu: 1.5m, MemoryGiB: 0.5m, Pids: 100, Gpu: 0));
        var (state, _) = await engine.StartRunningAsync(spec);

        var container = await engine.Docker.Containers.InspectContainerAsync(state.Values[RuntimeStateKeys.ContainerId], CancellationToken.None);

        Assert.Equal("1000:1000", container.Config!.User);
        Assert.Equal(["ALL"], container.HostConfig!.CapDrop!);
        Assert.Contains("no-new-privileges", container.HostConfig.SecurityOpt!);
        Assert.True(container.HostConfig.ReadonlyRootfs);
        Assert.Equal(512L * 1024 * 1024, container.HostConfig.Memory);
        Assert.Equal(512L * 1024 * 1024, container.HostConfig.MemorySwap);
        Assert.Equal(1_500_000_000L, container.HostConfig.NanoCPUs);
        Assert.Equal(100L, container.HostConfig.PidsLimit);
        Assert.False(container.HostConfig.PublishAllPorts);
        Assert.True(container.HostConfig.PortBindings is null || container.HostConfig.PortBindings.Count == 0);
        Assert.True(container.NetworkSettings!.Ports is null || container.NetworkSettings.Ports.Values.All(binding => binding is null));
        Assert.Equal([engine.Names.NetworkStem + "-none"], container.NetworkSettings.Networks!.Keys);
        Assert.Equal("true", container.Config.Labels!["org.sandbox.managed"]);
        Assert.Equal(spec.SessionId, container.Config.Labels["org.sandbox.session"]);
        Assert.Equal("m-security", container.Config.Labels["org.sandbox.member"]);
        Assert.Equal(engine.Names.Installation.Id, container.Config.Labels["org.sandbox.installation"]);
        Assert.Contains($"SANDBOX_SESSION={spec.SessionId}", container.Config.Env!);
        Assert.Equal("json-file", container.HostConfig.LogConfig!.Type);
        Assert.Equal("10m", container.HostConfig.LogConfig.Config!["max-size"]);
        Assert.Equal("3", container.HostConfig.LogConfig.Config["max-file"]);
        var home = Assert.Single(container.Mounts!, m => m.Destination == DockerEngineFixture.HomePath);
        Assert.Equal(("volume", engine.Names.HomeVolumeOf(spec.Home), true), (home.Type, home.Name, home.RW));
    }

    [Fact]
    public async Task Inside_the_sandbox_the_process_is_unprivileged_and_the_root_is_read_only()
    {
        var (state, _) = await engine.StartRunningAsync(engine.Spec(engine.NewSessionId()));

        var uid = await engine.ExecAsync(state, "/bin/busybox", "id", "-u");
        var status = await engine.ExecAsync(state, "/bin/busybox", "cat", "/proc/self/status");
        var writeRoot = await engine.ExecAsync(state, "/bin/busybox", "touch", "/written-to-root");
        var writeTmp = await engine.ExecAsync(state, "/bin/busybox", "touch", "/tmp/scratch");
        var writeHome = await engine.ExecAsync(state, "/bin/busybox", "touch", DockerEngineFixture.HomePath + "/notes.txt");

        Assert.Equal("1000", uid.Output.Trim());
        Assert.Contains("CapEff:\t0000000000000000", status.Output, StringComparison.Ordinal);
        Assert.Contains("NoNewPrivs:\t1", status.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, writeRoot.ExitCode);
        Assert.Contains("Read-only file system", writeRoot.Output, StringComparison.Ordinal);
        Assert.Equal(0, writeTmp.ExitCode);
        Assert.Equal(0, writeHome.ExitCode);
    }

    [Fact]
    public async Task Sandboxes_cannot_reach_each_other_while_the_host_reaches_both()
    {
        var (first, firstSeen) = await engine.StartRunningAsync(engine.Spec(engine.NewSessionId(), memberId: "m-a"));
        var (_, secondSeen) = await engine.StartRunningAsync(engine.Spec(engine.NewSessionId(), memberId: "m-b"));

        Assert.Equal(DockerEngineFixture.IndexPage, await engine.GetWhenReadyAsync(firstSeen.Endpoint!));
        Assert.Equal(DockerEngineFixture.IndexPage, await engine.GetWhenReadyAsync(secondSeen.Endpoint!));

        // wget works inside the sandbox (its own server answers), so a failure to reach the other one is the network's
        // doing. (busybox's own wget -T crashes here, hence busybox timeout around it.)
        var toItself = await engine.ExecAsync(first, "/bin/busybox", "timeout", "3", "/bin/busybox", "wget", "-q", "-O", "-", $"http://127.0.0.1:{DockerEngineFixture.NotebookPort}/");
        var toTheOther = await engine.ExecAsync(first, "/bin/busybox", "timeout", "3", "/bin/busybox", "wget", "-q", "-O", "-", secondSeen.Endpoint!.ToString());

        Assert.Equal((0, DockerEngineFixture.IndexPage), (toItself.ExitCode, toItself.Output));
        Assert.NotEqual(0, toTheOther.ExitCode);
        Assert.DoesNotContain(DockerEngineFixture.IndexPage.Trim(), toTheOther.Output, StringComparison.Ordinal);
    }
}
