using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.Runtime.Docker.Client;

namespace Sandbox.Runtime.Docker.Tests;

[Collection(DockerEngineTests.Name)]
public sealed class DockerSessionRuntimeLifecycleTests(DockerEngineFixture engine)
{
    [Fact]
    public async Task Stop_removes_the_sandbox_and_stopping_again_succeeds()
    {
        var spec = engine.Spec(engine.NewSessionId());
        var (state, _) = await engine.StartRunningAsync(spec);

        await engine.Runtime.StopAsync(spec.SessionId, state, CancellationToken.None);

        Assert.Equal(RuntimeObservation.Absent, await engine.Runtime.ObserveAsync(spec.SessionId, state, CancellationToken.None));
        var gone = await Assert.ThrowsAsync<DockerContainerNotFoundException>(() =>
            engine.Docker.Containers.InspectContainerAsync(state.Values[RuntimeStateKeys.ContainerId], CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        await engine.Runtime.StopAsync(spec.SessionId, state, CancellationToken.None);
        await engine.Runtime.StopAsync(spec.SessionId, saved: null, CancellationToken.None);
    }

    [Fact]
    public async Task The_watch_reports_a_sandbox_that_starts_dies_and_is_removed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new System.Collections.Concurrent.ConcurrentQueue<RuntimeChange>();
        var watching = Task.Run(async () =>
        {
            await foreach (var change in engine.Runtime.WatchAsync(timeout.Token))
            {
                seen.Enqueue(change);
            }
        });

        // 1. The engine sends only what happens after the stream opens: marker sandboxes start until the watch reports one.
        var markers = new List<string>();
        while (!seen.Any(c => markers.Contains(c.SessionId)))
        {
            var marker = engine.NewSessionId();
            markers.Add(marker);
            await engine.Runtime.StartAsync(engine.Spec(marker), new RecordingProgress<RuntimeProgress>(), CancellationToken.None);
            for (var i = 0; i < 20 && !seen.Any(c => c.SessionId == marker); i++)
            {
                await Task.Delay(50, timeout.Token); // poll interval over what the watch loop collected; the timeout token bounds it
            }
        }

        // 2. A sandbox that exits on its own, then is removed.
        var spec = engine.Spec(engine.NewSessionId(), command: ["/bin/busybox", "sh", "-c", "sleep 1; exit 3"]);
        await engine.Runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None);
        while (!seen.Any(c => c.SessionId == spec.SessionId && c.What == "die"))
        {
            await Task.Delay(50, timeout.Token); // poll interval over what the watch loop collected; the timeout token bounds it
        }

        await engine.Runtime.StopAsync(spec.SessionId, null, CancellationToken.None);
        while (!seen.Any(c => c.SessionId == spec.SessionId && c.What == "destroy"))
        {
            await Task.Delay(50, timeout.Token); // poll interval over what the watch loop collected; the timeout token bounds it
        }

        Assert.Equal(["start", "die", "destroy"], seen.Where(c => c.SessionId == spec.SessionId).Select(c => c.What));
        foreach (var marker in markers)
        {
            await engine.Runtime.StopAsync(marker, null, CancellationToken.None);
        }

        // Cancelling ends the watch (quietly, or with the cancellation).
        await timeout.CancelAsync();
        try
        {
            await watching;
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Fact]
    public async Task The_home_volume_outlives_the_sessions_of_its_member()
    {
        var home = engine.HomeOf("m-home");
        var firstSpec = engine.Spec(engine.NewSessionId(), memberId: "m-home", home: home);
        var (first, _) = await engine.StartRunningAsync(firstSpec);
        var write = await engine.ExecAsync(first, "/bin/busybox", "sh", "-c", $"echo kept > {DockerEngineFixture.HomePath}/notes.txt");
        Assert.Equal(0, write.ExitCode);
        await engine.Runtime.StopAsync(firstSpec.SessionId, first, CancellationToken.None);

        var (second, _) = await engine.StartRunningAsync(engine.Spec(engine.NewSessionId(), memberId: "m-home", home: home));
        var read = await engine.ExecAsync(second, "/bin/busybox", "cat", $"{DockerEngineFixture.HomePath}/notes.txt");

        Assert.Equal((0, "kept\n"), (read.ExitCode, read.Output));
        var volume = await engine.Docker.Volumes.InspectAsync(engine.Names.HomeVolumeOf(home), CancellationToken.None);
        Assert.Equal("m-home", volume.Labels!["org.sandbox.member"]);
        Assert.Equal(engine.Names.Installation.Id, volume.Labels["org.sandbox.installation"]);
    }

    [Fact]
    public async Task A_crashed_sandbox_is_observed_as_exited_with_its_exit_code_and_not_restarted_by_start()
    {
        var spec = engine.Spec(engine.NewSessionId(), command: ["/bin/busybox", "sh", "-c", "exit 3"]);
        var state = await engine.Runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None);

        var observation = await ObserveUntilExitedAsync(spec.SessionId, state);
        var again = await engine.Runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None);
        var afterAgain = await engine.Runtime.ObserveAsync(spec.SessionId, again, CancellationToken.None);

        Assert.Equal("exit_code_3", observation.ExitReason);
        Assert.Null(observation.Endpoint);
        Assert.Equal(state.Values[RuntimeStateKeys.ContainerId], again.Values[RuntimeStateKeys.ContainerId]);
        Assert.Equal((RuntimePhase.Exited, "exit_code_3"), (afterAgain.Phase, afterAgain.ExitReason));
    }

    [Fact]
    public async Task A_sandbox_killed_for_memory_is_observed_as_oom_killed()
    {
        // /tmp is memory-backed and counted against the sandbox's memory, without swap: filling it past the limit
        // makes the kernel kill the process.
        var spec = engine.Spec(
            engine.NewSessionId(),
            command: ["/bin/busybox", "dd", "if=/dev/zero", "of=/tmp/fill", "bs=1M", "count=200"],
            limits: new ResourceLimits(Cpu: 1m, MemoryGiB: 0.0625m, Pids: 64, Gpu: 0));
        var state = await engine.Runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None);

        var observation = await ObserveUntilExitedAsync(spec.SessionId, state);

        Assert.Equal("oom_killed", observation.ExitReason);
    }

    [Fact]
    public async Task List_finds_the_sandboxes_and_nothing_else()
    {
        var firstSpec = engine.Spec(engine.NewSessionId(), memberId: "m-list-1");
        var dataset = await engine.BuildDatasetAsync("list", "/data/list", new Dictionary<string, string> { ["a.csv"] = "a\n" });
        var secondSpec = engine.Spec(engine.NewSessionId(), memberId: "m-list-2", datasets: [dataset]);
        var (first, _) = await engine.StartRunningAsync(firstSpec);
        var (second, _) = await engine.StartRunningAsync(secondSpec);
        var unmanaged = await engine.Docker.Containers.CreateContainerAsync(
            new CreateContainerParameters
            {
                Name = $"sandbox-test-{engine.RunId}-unmanaged",
                Image = engine.NotebookImage,
                Labels = new Dictionary<string, string> { ["org.sandbox.session"] = "not-managed" },
            },
            CancellationToken.None);

        var instances = await engine.Runtime.ListAsync(CancellationToken.None);

        var ours = instances.Where(i => i.SessionId.StartsWith(engine.RunId, StringComparison.Ordinal)).ToDictionary(i => i.SessionId);
        Assert.Equal(
            (RuntimePhase.Running, "m-list-1", first.Values[RuntimeStateKeys.ContainerId]),
            (ours[firstSpec.SessionId].Phase, ours[firstSpec.SessionId].MemberId, ours[firstSpec.SessionId].State.Values[RuntimeStateKeys.ContainerId]));
        Assert.Equal(
            (RuntimePhase.Running, "m-list-2", second.Values[RuntimeStateKeys.ContainerId]),
            (ours[secondSpec.SessionId].Phase, ours[secondSpec.SessionId].MemberId, ours[secondSpec.SessionId].State.Values[RuntimeStateKeys.ContainerId]));
        Assert.DoesNotContain(instances, i => i.State.Values[RuntimeStateKeys.ContainerId] == unmanaged.ID);
        var dataContainers = await engine.Docker.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = EngineFilters.Labels("org.sandbox.data=true") }, CancellationToken.None);
        Assert.NotEmpty(dataContainers);
        Assert.DoesNotContain(instances, i => dataContainers.Any(d => d.ID == i.State.Values[RuntimeStateKeys.ContainerId]));
        Assert.All(ours.Values, i => Assert.Equal(engine.Names.ContainerNameOf(i.SessionId), i.State.Values[RuntimeStateKeys.ContainerName]));
    }

    private async Task<RuntimeObservation> ObserveUntilExitedAsync(string sessionId, RuntimeState state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var observation = await engine.Runtime.ObserveAsync(sessionId, state, CancellationToken.None);
            if (observation.Phase == RuntimePhase.Exited || DateTime.UtcNow > deadline)
            {
                Assert.Equal(RuntimePhase.Exited, observation.Phase);
                return observation;
            }

            await Task.Delay(200); // poll interval: the engine is asked again until the sandbox exits or the deadline
        }
    }
}
