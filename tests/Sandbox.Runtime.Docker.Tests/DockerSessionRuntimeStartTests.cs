using System.Diagnostics;
using Docker.DotNet.Models;
using Sandbox.Runtime.Docker.Client;
using Xunit.Abstractions;

namespace Sandbox.Runtime.Docker.Tests;

[Collection(DockerEngineTests.Name)]
public sealed class DockerSessionRuntimeStartTests(DockerEngineFixture engine, ITestOutputHelper output)
{
    [Fact]
    public async Task Start_runs_the_sandbox_and_its_endpoint_answers_from_the_host()
    {
        var spec = engine.Spec(engine.NewSessionId());
        var progress = new RecordingProgress<RuntimeProgress>();

        var clock = Stopwatch.StartNew();
        var state = await engine.Runtime.StartAsync(spec, progress, CancellationToken.None);
        var started = clock.ElapsedMilliseconds;
        var observation = await engine.Runtime.ObserveAsync(spec.SessionId, state, CancellationToken.None);

        Assert.Equal(RuntimePhase.Running, observation.Phase);
        Assert.Equal(Uri.UriSchemeHttp, observation.Endpoint!.Scheme);
        Assert.Equal(DockerEngineFixture.NotebookPort, observation.Endpoint.Port);
        Assert.Equal(DockerEngineFixture.IndexPage, await engine.GetWhenReadyAsync(observation.Endpoint));
        output.WriteLine($"StartAsync returned after {started} ms; the endpoint answered after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(state.Values[RuntimeStateKeys.ContainerId], observation.State!.Values[RuntimeStateKeys.ContainerId]);
        Assert.Equal(engine.Names.ContainerNameOf(spec.SessionId), state.Values[RuntimeStateKeys.ContainerName]);

        var percents = progress.Reports.Select(p => p.Percent).ToList();
        Assert.Equal(percents.Order(), percents);
        Assert.Contains(progress.Reports, p => p is { Percent: 20, Message: "Preparing datasets" });
        Assert.Contains(progress.Reports, p => p is { Percent: 40, Message: "Creating the container" });
        Assert.Contains(progress.Reports, p => p is { Percent: 60, Message: "Starting the container" });
    }

    [Fact]
    public async Task Observe_without_saved_state_finds_the_sandbox_by_its_session()
    {
        var spec = engine.Spec(engine.NewSessionId());
        var state = await engine.Runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None);

        var observation = await engine.Runtime.ObserveAsync(spec.SessionId, saved: null, CancellationToken.None);

        Assert.Equal(RuntimePhase.Running, observation.Phase);
        Assert.Equal(state.Values[RuntimeStateKeys.ContainerId], observation.State!.Values[RuntimeStateKeys.ContainerId]);
    }

    [Fact]
    public async Task Starting_twice_adopts_the_running_sandbox()
    {
        var spec = engine.Spec(engine.NewSessionId());

        var first = await engine.Runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None);
        var secondProgress = new RecordingProgress<RuntimeProgress>();
        var second = await engine.Runtime.StartAsync(spec, secondProgress, CancellationToken.None);

        Assert.Equal(first.Values[RuntimeStateKeys.ContainerId], second.Values[RuntimeStateKeys.ContainerId]);
        var named = await engine.Docker.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = EngineFilters.Labels($"org.sandbox.session={spec.SessionId}") }, CancellationToken.None);
        Assert.Single(named);
        Assert.DoesNotContain(secondProgress.Reports, p => p.Message == "Creating the container");
    }

    [Fact]
    public async Task Concurrent_starts_of_one_session_make_one_container()
    {
        var spec = engine.Spec(engine.NewSessionId());

        var states = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            engine.Runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None)));

        Assert.Single(states.Select(s => s.Values[RuntimeStateKeys.ContainerId]).Distinct());
        var observation = await engine.Runtime.ObserveAsync(spec.SessionId, states[0], CancellationToken.None);
        Assert.Equal(RuntimePhase.Running, observation.Phase);
    }

    [Fact]
    public async Task A_missing_notebook_image_is_refused_with_image_missing()
    {
        var spec = engine.Spec(engine.NewSessionId(), image: $"sandbox-test/no-such-image:{engine.RunId}");

        var refused = await Assert.ThrowsAsync<RuntimeException>(() =>
            engine.Runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None));

        Assert.Equal("image_missing", refused.Reason);
        Assert.Equal(RuntimePhase.Absent, (await engine.Runtime.ObserveAsync(spec.SessionId, null, CancellationToken.None)).Phase);
    }

    [Fact]
    public async Task A_command_that_cannot_start_fails_and_leaves_no_container()
    {
        var spec = engine.Spec(engine.NewSessionId(), command: ["/no/such/program"]);

        var refused = await Assert.ThrowsAsync<RuntimeException>(() =>
            engine.Runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None));

        Assert.Equal("start_failed", refused.Reason);
        Assert.Equal(RuntimePhase.Absent, (await engine.Runtime.ObserveAsync(spec.SessionId, null, CancellationToken.None)).Phase);
    }

    [Fact]
    public async Task A_gpu_request_on_an_engine_without_gpus_fails_and_leaves_no_container()
    {
        var spec = engine.Spec(engine.NewSessionId(), limits: new ResourceLimits(0.5m, 0.25m, 64, Gpu: 1));

        var refused = await Assert.ThrowsAsync<RuntimeException>(() =>
            engine.Runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None));

        Assert.Equal("gpu_unavailable", refused.Reason);
        Assert.Equal(RuntimePhase.Absent, (await engine.Runtime.ObserveAsync(spec.SessionId, null, CancellationToken.None)).Phase);
    }

    [Fact]
    public async Task Invalid_limits_are_refused_before_anything_is_created()
    {
        var spec = engine.Spec(engine.NewSessionId(), limits: new ResourceLimits(0m, 0.25m, 64, 0));

        var refused = await Assert.ThrowsAsync<RuntimeException>(() =>
            engine.Runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None));

        Assert.Equal("invalid_limits", refused.Reason);
        Assert.Equal(RuntimePhase.Absent, (await engine.Runtime.ObserveAsync(spec.SessionId, null, CancellationToken.None)).Phase);
    }

    [Fact]
    public async Task Image_exists_tells_present_from_missing_images()
    {
        Assert.True(await engine.Runtime.ImageExistsAsync(engine.NotebookImage, CancellationToken.None));
        Assert.False(await engine.Runtime.ImageExistsAsync($"sandbox-test/no-such-image:{engine.RunId}", CancellationToken.None));
    }
}
