using System.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sandbox.Runtime.Docker.Tests;

[Collection(DockerEngineTests.Name)]
public sealed class DockerDataImageFilesTests(DockerEngineFixture engine)
{
    private DockerDataImageFiles Files => new(engine.Engine, engine.Options, NullLogger<DockerDataImageFiles>.Instance);

    [Fact]
    public async Task A_file_is_read_from_the_image_without_starting_it_and_no_container_is_left()
    {
        var rows = string.Concat(Enumerable.Range(0, 2000).Select(i => $"{i},row {i}\n"));
        var dataset = await engine.BuildDatasetAsync("files-read", "/data/files-read", new Dictionary<string, string> { ["a.csv"] = rows, ["sub/b.txt"] = "bee" });
        var files = Files;

        var stream = await files.OpenAsync(dataset.Image, "/data/files-read/a.csv", CancellationToken.None);
        Assert.NotNull(stream);
        await using (stream)
        {
            Assert.Equal(Encoding.UTF8.GetByteCount(rows), stream.Length);
            using var text = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            Assert.Equal(rows, await text.ReadToEndAsync());
            Assert.Single(await ReadersAsync(files));
        }

        await using (var nested = await files.OpenAsync(dataset.Image, "/data/files-read/sub/b.txt", CancellationToken.None))
        {
            using var text = new StreamReader(nested!);
            Assert.Equal("bee", await text.ReadToEndAsync());
        }

        Assert.Empty(await ReadersAsync(files));
    }

    [Fact]
    public async Task Reading_a_little_and_disposing_removes_the_container()
    {
        var big = new string('x', 4 * 1024 * 1024);
        var dataset = await engine.BuildDatasetAsync("files-partial", "/data/files-partial", new Dictionary<string, string> { ["big.csv"] = big });
        var files = Files;

        var stream = await files.OpenAsync(dataset.Image, "/data/files-partial/big.csv", CancellationToken.None);
        var buffer = new byte[100];
        await stream!.ReadExactlyAsync(buffer);
        Assert.All(buffer, b => Assert.Equal((byte)'x', b));
        await stream.DisposeAsync();

        Assert.Empty(await ReadersAsync(files));
    }

    [Fact]
    public async Task A_missing_path_or_a_directory_is_null_and_leaves_nothing()
    {
        var dataset = await engine.BuildDatasetAsync("files-missing", "/data/files-missing", new Dictionary<string, string> { ["a.csv"] = "a" });
        var files = Files;

        Assert.Null(await files.OpenAsync(dataset.Image, "/data/files-missing/nope.csv", CancellationToken.None));
        Assert.Null(await files.OpenAsync(dataset.Image, "/data/files-missing", CancellationToken.None));
        Assert.Empty(await ReadersAsync(files));
    }

    [Fact]
    public async Task One_reader_serves_several_files_from_one_container_and_disposing_it_leaves_nothing()
    {
        var dataset = await engine.BuildDatasetAsync("files-several", "/data/files-several",
            new Dictionary<string, string> { ["a.csv"] = "x,y\n1,2\n", ["b.csv"] = "p,q\n3,4\n", ["c/d.csv"] = "z\n5\n" });
        var files = Files;

        var reader = await files.OpenImageAsync(dataset.Image, CancellationToken.None);
        var read = new List<string>();
        await using (reader)
        {
            foreach (var path in new[] { "a.csv", "b.csv", "nope.csv", "c/d.csv" })
            {
                await using var stream = await reader.OpenFileAsync("/data/files-several/" + path, CancellationToken.None);
                if (stream is not null)
                {
                    using var text = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
                    read.Add(await text.ReadToEndAsync());
                }

                Assert.Single(await ReadersAsync(files));
            }
        }

        Assert.Equal(["x,y\n1,2\n", "p,q\n3,4\n", "z\n5\n"], read);
        Assert.Empty(await ReadersAsync(files));
    }

    [Fact]
    public async Task A_missing_image_is_dataset_image_missing()
    {
        var missing = await Assert.ThrowsAsync<RuntimeException>(() =>
            Files.OpenAsync($"sandbox-test/never-built:{engine.RunId}", "/data/x/a.csv", CancellationToken.None));
        Assert.Equal("dataset_image_missing", missing.Reason);
    }

    private async Task<IReadOnlyList<Sandbox.Runtime.Docker.Engine.Models.ContainerSummary>> ReadersAsync(DockerDataImageFiles files) =>
        await engine.Engine.ListContainersAsync(new Dictionary<string, string[]> { ["label"] = [files.ReaderLabel + "=true"] }, CancellationToken.None);
}
