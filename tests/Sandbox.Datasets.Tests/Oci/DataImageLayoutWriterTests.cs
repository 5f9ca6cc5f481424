using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Sandbox.Datasets.Oci;
using Sandbox.Datasets.Tests.Corpus;

namespace Sandbox.Datasets.Tests.Oci;

public sealed class DataImageLayoutWriterTests : IDisposable
{
    private static readonly DataImageDescription Description = new("상점 통계", "City of Example open data", "CC-BY-4.0");

    private readonly string _folder = Directory.CreateTempSubdirectory("oci-layout-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_sample_dataset_gives_the_reviewed_digests()
    {
        // Computed once by this code and reviewed (the layer listed with tar, the JSON read). A change here means every published
        // dataset would get a new image digest: change the layer format only on purpose.
        using JsonDocument golden = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Golden", "sample-dataset.oci.json")));

        DataImageLayout layout = await WriteAsync(SampleDataset.TarGz(), "golden");

        Assert.Equal(golden.RootElement.GetProperty("diffId").GetString(), layout.DiffId);
        Assert.Equal(golden.RootElement.GetProperty("layer").GetString(), layout.Layer.Digest);
        Assert.Equal(golden.RootElement.GetProperty("config").GetString(), layout.Config.Digest);
        Assert.Equal(golden.RootElement.GetProperty("manifest").GetString(), layout.Manifest.Digest);
    }

    [Fact]
    public async Task Tar_gz_zip_and_reordered_archives_of_the_same_files_give_the_same_image()
    {
        using var reversed = new TarGzBuilder();
        foreach ((string path, byte[] content) in SampleDataset.Files.Reverse())
        {
            reversed.File(path, content);
        }

        DataImageLayout fromTar = await WriteAsync(SampleDataset.TarGz(), "tar");
        DataImageLayout fromZip = await WriteAsync(SampleDataset.Zip(withFolderEntries: true), "zip");
        DataImageLayout fromReversed = await WriteAsync(reversed.Build(), "reversed");

        Assert.Equal(fromTar.Manifest.Digest, fromZip.Manifest.Digest);
        Assert.Equal(fromTar.Manifest.Digest, fromReversed.Manifest.Digest);
    }

    [Fact]
    public async Task The_layer_holds_the_files_under_data_name_sorted_with_fixed_owner_mode_and_time()
    {
        DataImageLayout layout = await WriteAsync(SampleDataset.TarGz(), "layer");

        List<(TarEntry Entry, byte[] Content)> entries = ReadLayer(layout);

        Assert.Equal(
            ["data/", "data/city-shops/", "data/city-shops/README.md", "data/city-shops/population/", "data/city-shops/population/empty.csv",
             "data/city-shops/shops/", "data/city-shops/shops/2026/", "data/city-shops/shops/2026/q1.csv", "data/city-shops/shops/2026/q2.csv",
             "data/city-shops/shops/상권.csv"],
            entries.Select(e => e.Entry.Name));
        Assert.All(entries, e =>
        {
            Assert.Equal(0, e.Entry.Uid);
            Assert.Equal(0, e.Entry.Gid);
            Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), e.Entry.ModificationTime);
        });
        Assert.All(entries.Where(e => e.Entry.EntryType == TarEntryType.Directory), e => Assert.Equal((UnixFileMode)0x1ED, e.Entry.Mode));
        Assert.All(entries.Where(e => e.Entry.EntryType != TarEntryType.Directory), e => Assert.Equal((UnixFileMode)0x1A4, e.Entry.Mode));
        foreach ((string path, byte[] content) in SampleDataset.Files)
        {
            Assert.Equal(content, entries.Single(e => e.Entry.Name == "data/city-shops/" + path).Content);
        }
    }

    [Fact]
    public async Task The_layout_is_an_oci_image_layout_whose_blobs_match_their_digests()
    {
        DataImageLayout written = await WriteAsync(SampleDataset.TarGz(), "layout");

        DataImageLayout? reopened = await DataImageLayout.OpenAsync(written.Folder, CancellationToken.None);

        Assert.Equal(written, reopened);
        Assert.Equal("""{"imageLayoutVersion":"1.0.0"}""", await File.ReadAllTextAsync(Path.Combine(written.Folder, "oci-layout")));
        string[] blobs = Directory.GetFiles(Path.Combine(written.Folder, "blobs", "sha256"));
        Assert.Equal(3, blobs.Length);
        foreach (string blob in blobs)
        {
            await using FileStream stream = File.OpenRead(blob);
            Assert.Equal(Path.GetFileName(blob), Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        }

        using JsonDocument config = JsonDocument.Parse(await File.ReadAllBytesAsync(written.BlobPath(written.Config)));
        JsonElement labels = config.RootElement.GetProperty("config").GetProperty("Labels");
        Assert.Equal("CC-BY-4.0", labels.GetProperty("org.opencontainers.image.licenses").GetString());
        Assert.Equal("2026.11", labels.GetProperty("org.opencontainers.image.version").GetString());
        Assert.StartsWith("sha256:", labels.GetProperty("org.sandbox.dataset.digest").GetString(), StringComparison.Ordinal);
        Assert.True(config.RootElement.GetProperty("config").GetProperty("Volumes").TryGetProperty("/data/city-shops", out _));
        using var uncompressed = new GZipStream(File.OpenRead(written.BlobPath(written.Layer)), CompressionMode.Decompress);
        Assert.Equal(written.DiffId, "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(uncompressed)));
    }

    [Fact]
    public async Task A_staged_file_changed_on_disk_fails_the_write_and_leaves_no_layout()
    {
        string archive = Path.Combine(_folder, "changed.upload");
        string context = Path.Combine(_folder, "changed.context");
        await File.WriteAllBytesAsync(archive, SampleDataset.TarGz());
        DatasetResult<DatasetManifest> staged = await DatasetBuildContextFile.WriteAsync(
            new DatasetBuildContextWriter(new DatasetArchiveLimits()), Conversion.Name, Conversion.Version, archive, context, CancellationToken.None);
        byte[] bytes = await File.ReadAllBytesAsync(context);
        int at = IndexOf(bytes, "중구,120"u8.ToArray());
        bytes[at + 7] = (byte)'9';
        await File.WriteAllBytesAsync(context, bytes);
        string layoutFolder = Path.Combine(_folder, "changed.layout");

        await Assert.ThrowsAsync<InvalidDataException>(() =>
            new DataImageLayoutWriter().WriteAsync(staged.Value!, Description, context, layoutFolder, CancellationToken.None));

        Assert.False(Directory.Exists(layoutFolder));
    }

    private async Task<DataImageLayout> WriteAsync(byte[] archiveBytes, string name)
    {
        string archive = Path.Combine(_folder, name + ".upload");
        string context = Path.Combine(_folder, name + ".context");
        await File.WriteAllBytesAsync(archive, archiveBytes);
        DatasetResult<DatasetManifest> staged = await DatasetBuildContextFile.WriteAsync(
            new DatasetBuildContextWriter(new DatasetArchiveLimits()), Conversion.Name, Conversion.Version, archive, context, CancellationToken.None);
        Assert.True(staged.IsSuccess, staged.Error?.Message);
        return await new DataImageLayoutWriter().WriteAsync(staged.Value, Description, context, Path.Combine(_folder, name + ".layout"), CancellationToken.None);
    }

    private static List<(TarEntry Entry, byte[] Content)> ReadLayer(DataImageLayout layout)
    {
        var entries = new List<(TarEntry, byte[])>();
        using var reader = new TarReader(new GZipStream(File.OpenRead(layout.BlobPath(layout.Layer)), CompressionMode.Decompress));
        while (reader.GetNextEntry(copyData: true) is TarEntry entry)
        {
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            entries.Add((entry, content.ToArray()));
        }

        return entries;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        throw new InvalidOperationException("not found");
    }
}
