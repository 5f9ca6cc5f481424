namespace Sandbox.Runtime.Docker.Tests;

[Collection(DockerEngineTests.Name)]
public sealed class DockerDataImageBuilderTests(DockerEngineFixture engine)
{
    [Fact]
    public async Task A_build_reports_the_builder_output_and_returns_the_image_id()
    {
        var output = new RecordingProgress<string>();
        var tag = $"sandbox-test/dataset-built:{engine.RunId}";
        using var tar = new BuildContext()
            .Dockerfile("FROM scratch\nCOPY files /data/built\nVOLUME /data/built\nCMD [\"data-only\"]\n")
            .Text("files/a.csv", "a\n" + engine.RunId)
            .ToTar();

        string id;
        try
        {
            id = await engine.Builder.BuildAsync(tag, tar, new Dictionary<string, string> { ["org.sandbox.dataset"] = "built" }, output, CancellationToken.None);

            var image = await engine.Engine.InspectImageAsync(tag, CancellationToken.None);
            Assert.Equal(image.Id, id);
            Assert.StartsWith("sha256:", id, StringComparison.Ordinal);
            Assert.Equal("built", image.Config!.Labels!["org.sandbox.dataset"]);
            Assert.Contains(output.Reports, line => line.Contains("COPY files /data/built", StringComparison.Ordinal));
        }
        finally
        {
            await engine.Builder.RemoveAsync(tag, CancellationToken.None);
        }

        Assert.False(await engine.Runtime.ImageExistsAsync(tag, CancellationToken.None));
        await engine.Builder.RemoveAsync(tag, CancellationToken.None);
    }

    [Fact]
    public async Task A_failing_build_is_build_failed_and_leaves_no_image_and_no_layer()
    {
        var marker = $"failing-{engine.RunId}";
        var tag = $"sandbox-test/dataset-failing:{engine.RunId}";
        var output = new RecordingProgress<string>();
        using var tar = new BuildContext()
            .Dockerfile($"""
                FROM scratch
                LABEL {DockerEngineFixture.TestRunLabel}={marker}
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "false"]
                """)
            .File("busybox", await File.ReadAllBytesAsync(DockerEngineFixture.BusyboxPath), (UnixFileMode)0b111_101_101)
            .ToTar();

        var failed = await Assert.ThrowsAsync<RuntimeException>(() =>
            engine.Builder.BuildAsync(tag, tar, new Dictionary<string, string>(), output, CancellationToken.None));

        Assert.Equal("build_failed", failed.Reason);
        Assert.Contains("non-zero code", failed.Message, StringComparison.Ordinal);
        Assert.Contains(output.Reports, line => line.StartsWith("ERROR: ", StringComparison.Ordinal));
        Assert.False(await engine.Runtime.ImageExistsAsync(tag, CancellationToken.None));
        var layers = await engine.Engine.ListImagesAsync(
            new Dictionary<string, string[]> { ["label"] = [$"{DockerEngineFixture.TestRunLabel}={marker}"] }, CancellationToken.None);
        Assert.Empty(layers);
    }

    [Fact]
    public async Task Rebuilding_a_tag_removes_the_image_it_replaced()
    {
        var tag = $"sandbox-test/dataset-rebuilt:{engine.RunId}";
        string BuildFile(string content) => $"FROM scratch\nLABEL {DockerEngineFixture.TestRunLabel}={engine.RunId}\nCOPY {content} /data/rebuilt/\nVOLUME /data/rebuilt\nCMD [\"data-only\"]\n";
        using var firstTar = new BuildContext().Dockerfile(BuildFile("v1.csv")).Text("v1.csv", "1\n" + engine.RunId).ToTar();
        using var secondTar = new BuildContext().Dockerfile(BuildFile("v2.csv")).Text("v2.csv", "2\n" + engine.RunId).ToTar();

        try
        {
            var first = await engine.Builder.BuildAsync(tag, firstTar, new Dictionary<string, string>(), new RecordingProgress<string>(), CancellationToken.None);
            var second = await engine.Builder.BuildAsync(tag, secondTar, new Dictionary<string, string>(), new RecordingProgress<string>(), CancellationToken.None);

            Assert.NotEqual(first, second);
            Assert.False(await engine.Runtime.ImageExistsAsync(first, CancellationToken.None));
            Assert.True(await engine.Runtime.ImageExistsAsync(second, CancellationToken.None));
        }
        finally
        {
            await engine.Builder.RemoveAsync(tag, CancellationToken.None);
        }

        var left = await engine.Engine.ListImagesAsync(
            new Dictionary<string, string[]> { ["label"] = [$"{DockerEngineFixture.TestRunLabel}={engine.RunId}"] }, CancellationToken.None);
        Assert.DoesNotContain(left, i => i.RepoTags is null || i.RepoTags.All(t => t == "<none>:<none>"));
    }

    [Fact]
    public async Task A_dockerfile_the_builder_cannot_parse_is_build_failed()
    {
        using var tar = new BuildContext().Dockerfile("FROM scratch\nNOT_AN_INSTRUCTION x\n").ToTar();

        var failed = await Assert.ThrowsAsync<RuntimeException>(() =>
            engine.Builder.BuildAsync($"sandbox-test/dataset-unparsable:{engine.RunId}", tar, new Dictionary<string, string>(), new RecordingProgress<string>(), CancellationToken.None));

        Assert.Equal("build_failed", failed.Reason);
    }

    [Fact]
    public async Task Removing_an_image_removes_the_data_containers_made_from_it()
    {
        var dataset = await engine.BuildDatasetAsync("removed", "/data/removed", new Dictionary<string, string> { ["r.csv"] = "r\n" });
        var spec = engine.Spec(engine.NewSessionId(), datasets: [dataset]);
        var (state, _) = await engine.StartRunningAsync(spec);
        await engine.Runtime.StopAsync(spec.SessionId, state, CancellationToken.None);
        var imageId = (await engine.Engine.InspectImageAsync(dataset.Image, CancellationToken.None)).Id;

        await engine.Builder.RemoveAsync(dataset.Image, CancellationToken.None);

        Assert.False(await engine.Runtime.ImageExistsAsync(dataset.Image, CancellationToken.None));
        var dataContainers = await engine.Engine.ListContainersAsync(
            new Dictionary<string, string[]> { ["label"] = ["org.sandbox.data=true"] }, CancellationToken.None);
        Assert.DoesNotContain(dataContainers, c => c.ImageID == imageId || c.Labels?.GetValueOrDefault("org.sandbox.data-image") == dataset.Image);
    }
}
