using Docker.DotNet.Models;
using Sandbox.Runtime.Docker.Client;
namespace Sandbox.Runtime.Docker.Tests;

[Collection(DockerEngineTests.Name)]
public sealed class DockerSessionRuntimeDatasetTests(DockerEngineFixture engine)
{
    [Fact]
    public async Task A_dataset_is_readable_and_read_only_at_its_mount_path_in_every_session()
    {
        var dataset = await engine.BuildDatasetAsync("shops", "/data/shops", new Dictionary<string, string> { ["shops.csv"] = "id,name\n1,bakery\n" });
        var firstSpec = engine.Spec(engine.NewSessionId(), datasets: [dataset]);
        var (first, _) = await engine.StartRunningAsync(firstSpec);

        var read = await engine.ExecAsync(first, "/bin/busybox", "cat", "/data/shops/shops.csv");
        var overwrite = await engine.ExecAsync(first, "/bin/busybox", "sh", "-c", "echo changed > /data/shops/shops.csv");
        var create = await engine.ExecAsync(first, "/bin/busybox", "touch", "/data/shops/new.csv");

        Assert.Equal((0, "id,name\n1,bakery\n"), (read.ExitCode, read.Output));
        Assert.NotEqual(0, overwrite.ExitCode);
        Assert.NotEqual(0, create.ExitCode);
        Assert.Contains("Read-only file system", create.Output, StringComparison.Ordinal);

        // Stopping a session leaves the shared copy in place for the next one; the data container is reused.
        await engine.Runtime.StopAsync(firstSpec.SessionId, first, CancellationToken.None);
        var (second, _) = await engine.StartRunningAsync(engine.Spec(engine.NewSessionId(), datasets: [dataset]));
        var readAgain = await engine.ExecAsync(second, "/bin/busybox", "cat", "/data/shops/shops.csv");
        Assert.Equal((0, "id,name\n1,bakery\n"), (readAgain.ExitCode, readAgain.Output));
        var imageId = (await engine.Docker.Images.InspectImageAsync(dataset.Image, CancellationToken.None)).ID;
        var dataContainers = await engine.Docker.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = EngineFilters.Labels("org.sandbox.data=true") }, CancellationToken.None);
        var made = Assert.Single(dataContainers, c => c.ImageID == imageId);
        Assert.Equal("created", made.State);
        Assert.Equal(dataset.Image, made.Labels!["org.sandbox.data-image"]);
    }

    [Fact]
    public async Task A_dataset_image_whose_volume_is_elsewhere_is_refused_and_nothing_is_created()
    {
        var dataset = await engine.BuildDatasetAsync(
            "mismatch", "/data/mismatch", new Dictionary<string, string> { ["a.csv"] = "a\n" }, volumePath: "/data/elsewhere");
        var spec = engine.Spec(engine.NewSessionId(), datasets: [dataset]);

        var refused = await Assert.ThrowsAsync<RuntimeException>(() =>
            engine.Runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None));

        Assert.Equal("dataset_mount_mismatch", refused.Reason);
        Assert.Equal(RuntimePhase.Absent, (await engine.Runtime.ObserveAsync(spec.SessionId, null, CancellationToken.None)).Phase);
    }

    [Fact]
    public async Task A_missing_dataset_image_that_no_registry_holds_is_unavailable_and_nothing_is_created()
    {
        var missing = new DatasetMount("ghost", "1", $"sandbox-test/dataset-ghost:{engine.RunId}", "/data/ghost");
        var spec = engine.Spec(engine.NewSessionId(), datasets: [missing]);
        var progress = new RecordingProgress<RuntimeProgress>();

        var refused = await Assert.ThrowsAsync<RuntimeException>(() => engine.Runtime.StartAsync(spec, progress, CancellationToken.None));

        Assert.Equal("dataset_image_unavailable", refused.Reason);
        Assert.Contains("dataset ghost version 1", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(progress.Reports, p => p.Message.StartsWith("Pulling", StringComparison.Ordinal)); // a tag is never pulled
        Assert.Equal(RuntimePhase.Absent, (await engine.Runtime.ObserveAsync(spec.SessionId, null, CancellationToken.None)).Phase);
    }

    [Fact]
    public async Task A_pinned_dataset_image_whose_registry_is_down_is_pulled_says_so_and_is_unavailable()
    {
        // Nothing listens on port 1 of the loopback: the pull is refused at once.
        var pinned = new DatasetMount("gone", "2", $"127.0.0.1:1/sandbox-test/gone@sha256:{new string('0', 64)}", "/data/gone");
        var spec = engine.Spec(engine.NewSessionId(), datasets: [pinned]);
        var progress = new RecordingProgress<RuntimeProgress>();

        var refused = await Assert.ThrowsAsync<RuntimeException>(() => engine.Runtime.StartAsync(spec, progress, CancellationToken.None));

        Assert.Equal("dataset_image_unavailable", refused.Reason);
        Assert.Contains("dataset gone version 2", refused.Message, StringComparison.Ordinal);
        Assert.Contains(progress.Reports, p => p.Message == "Pulling the image of dataset gone version 2");
        Assert.Equal(RuntimePhase.Absent, (await engine.Runtime.ObserveAsync(spec.SessionId, null, CancellationToken.None)).Phase);
    }

    [Fact]
    public async Task A_dataset_reference_that_names_other_content_than_its_digest_is_refused_and_nothing_is_created()
    {
        var dataset = await engine.BuildDatasetAsync("retagged", "/data/retagged", new Dictionary<string, string> { ["a.csv"] = "a\n" });
        var published = dataset with { Digest = "sha256:" + new string('1', 64) };
        var spec = engine.Spec(engine.NewSessionId(), datasets: [published]);

        var refused = await Assert.ThrowsAsync<RuntimeException>(() =>
            engine.Runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None));

        Assert.Equal("dataset_image_mismatch", refused.Reason);
        Assert.Equal(RuntimePhase.Absent, (await engine.Runtime.ObserveAsync(spec.SessionId, null, CancellationToken.None)).Phase);
        var imageId = (await engine.Docker.Images.InspectImageAsync(dataset.Image, CancellationToken.None)).ID;
        var dataContainers = await engine.Docker.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { ["org.sandbox.data=true"] = true } } },
            CancellationToken.None);
        Assert.DoesNotContain(dataContainers, c => c.ImageID == imageId);

        // The same image under its own digest mounts.
        var (started, _) = await engine.StartRunningAsync(engine.Spec(engine.NewSessionId(), datasets: [dataset with { Digest = imageId }]));
        var read = await engine.ExecAsync(started, "/bin/busybox", "cat", "/data/retagged/a.csv");
        Assert.Equal((0, "a\n"), (read.ExitCode, read.Output));
    }
}
