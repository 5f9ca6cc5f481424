using System.Formats.Tar;
using Sandbox.Datasets.Context;
using Sandbox.Datasets.Tests.Corpus;

namespace Sandbox.Datasets.Tests.Context;

public sealed class BuildContextTarWriterTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(200)]
    [InlineData(255)]
    [InlineData(400)]
    public async Task Paths_of_any_length_read_back_exactly(int length)
    {
        string path = LongPath(length);
        using var output = new MemoryStream();
        var writer = new BuildContextTarWriter(output);

        await writer.WriteDirectoryAsync(path, CancellationToken.None);
        await writer.WriteFileAsync(path + "/data.csv", [1, 2, 3], CancellationToken.None);
        await writer.FinishAsync(CancellationToken.None);

        List<(TarEntry Entry, byte[] Content)> entries = Conversion.ReadContext(output.ToArray());
        Assert.Equal([path + "/", path + "/data.csv"], entries.Select(e => e.Entry.Name));
        Assert.Equal([1, 2, 3], entries[1].Content);
    }

    [Fact]
    public async Task A_path_without_slashes_beyond_100_bytes_uses_a_pax_header()
    {
        string path = new('x', 180);
        using var output = new MemoryStream();
        var writer = new BuildContextTarWriter(output);

        await writer.WriteFileAsync(path, [42], CancellationToken.None);
        await writer.FinishAsync(CancellationToken.None);

        (TarEntry entry, byte[] content) = Assert.Single(Conversion.ReadContext(output.ToArray()));
        Assert.Equal(path, entry.Name);
        Assert.Equal([42], content);
    }

    [Fact]
    public async Task The_tar_is_whole_blocks_ending_in_two_zero_blocks()
    {
        using var output = new MemoryStream();
        var writer = new BuildContextTarWriter(output);

        await writer.WriteFileAsync("a", new byte[700], CancellationToken.None);
        await writer.FinishAsync(CancellationToken.None);

        byte[] tar = output.ToArray();
        Assert.Equal(512 + 1024 + 1024, tar.Length);
        Assert.All(tar[^1024..], b => Assert.Equal(0, b));
    }

    private static string LongPath(int length)
    {
        var segments = new List<string>();
        int used = 0;
        while (used < length)
        {
            int take = Math.Min(30, length - used);
            segments.Add(new string((char)('a' + segments.Count % 26), take));
            used += take + 1;
        }

        return string.Join('/', segments);
    }
}
