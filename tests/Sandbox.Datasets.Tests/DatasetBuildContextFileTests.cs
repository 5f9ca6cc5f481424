using Sandbox.Datasets.Tests.Corpus;

namespace Sandbox.Datasets.Tests;

public sealed class DatasetBuildContextFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("datasets-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_converted_archive_leaves_its_context_file()
    {
        string archive = Path.Combine(_folder, "upload");
        string context = Path.Combine(_folder, "context.tar");
        await File.WriteAllBytesAsync(archive, SampleDataset.Zip());

        DatasetResult<DatasetManifest> result = await WriteAsync(archive, context);

        Assert.True(result.IsSuccess);
        Assert.Equal(9, Conversion.ReadContext(await File.ReadAllBytesAsync(context)).Count);
    }

    [Fact]
    public async Task A_refused_archive_leaves_no_context_file_even_when_refused_halfway()
    {
        string archive = Path.Combine(_folder, "upload");
        string context = Path.Combine(_folder, "context.tar");
        using var tar = new TarGzBuilder();
        await File.WriteAllBytesAsync(archive, tar.File("good.csv", new byte[100_000]).SymbolicLink("evil", "/etc").Build());

        DatasetResult<DatasetManifest> result = await WriteAsync(archive, context);

        Assert.Equal("archive.link", result.Error?.Reason);
        Assert.False(File.Exists(context));
    }

    [Fact]
    public async Task A_context_file_that_already_exists_is_neither_overwritten_nor_deleted()
    {
        string archive = Path.Combine(_folder, "upload");
        string context = Path.Combine(_folder, "context.tar");
        await File.WriteAllBytesAsync(archive, SampleDataset.Zip());
        await File.WriteAllTextAsync(context, "someone else's");

        await Assert.ThrowsAsync<IOException>(() => WriteAsync(archive, context));

        Assert.Equal("someone else's", await File.ReadAllTextAsync(context));
    }

    private static Task<DatasetResult<DatasetManifest>> WriteAsync(string archive, string context) =>
        DatasetBuildContextFile.WriteAsync(new DatasetBuildContextWriter(new DatasetArchiveLimits()), Conversion.Name, Conversion.Version, archive, context, CancellationToken.None);
}
