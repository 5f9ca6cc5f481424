using System.Formats.Tar;
using System.IO.Compression;
using Sandbox.Datasets.Tests.Corpus;

namespace Sandbox.Datasets.Tests;

[Collection(RunsAlone.Name)]
public sealed class StreamingMemoryTests : IDisposable
{
    private const long FileBytes = 10L * 1024 * 1024;
    private const int FileCount = 30;

    private readonly string _archivePath = Path.Combine(Path.GetTempPath(), $"datasets-stream-{Guid.NewGuid():N}.tar.gz");

    public void Dispose() => File.Delete(_archivePath);

    [Fact]
    public async Task A_300_MB_tar_gz_converts_with_managed_allocations_far_below_its_size()
    {
        // 1. Stage a 300 MiB (uncompressed) tar.gz on disk, as the orchestrator stages an upload.
        WriteArchive();
        var writer = new DatasetBuildContextWriter(new DatasetArchiveLimits());
        using var sink = new CountingSink();

        // 2. Convert it into a sink that keeps nothing, measuring what the conversion allocates.
        long before = GC.GetTotalAllocatedBytes(precise: true);
        DatasetResult<DatasetManifest> result;
        await using (var archive = new FileStream(_archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous))
        {
            result = await writer.WriteAsync(Conversion.Name, Conversion.Version, archive, sink, CancellationToken.None);
        }

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // 3. Everything went through, and at most a few MiB of buffers were allocated for 300 MiB of data.
        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(FileCount * FileBytes, result.Value.TotalBytes);
        Assert.True(sink.Written > FileCount * FileBytes, $"context is {sink.Written} bytes");
        Assert.True(allocated < 16L * 1024 * 1024, $"allocated {allocated:N0} bytes to convert {FileCount * FileBytes:N0}");
    }

    private void WriteArchive()
    {
        using var file = File.Create(_archivePath);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        string content = Path.Combine(Path.GetTempPath(), $"datasets-stream-{Guid.NewGuid():N}.csv");
        try
        {
            using (var csv = File.Create(content))
            {
                CsvLikeData.Write(csv, FileBytes);
            }

            for (int i = 0; i < FileCount; i++)
            {
                tar.WriteEntry(content, $"tables/part-{i:D2}.csv");
            }
        }
        finally
        {
            File.Delete(content);
        }
    }
}
