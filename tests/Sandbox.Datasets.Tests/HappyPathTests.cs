using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Sandbox.Datasets.Tests.Corpus;

namespace Sandbox.Datasets.Tests;

public sealed class HappyPathTests
{
    [Fact]
    public async Task Tar_gz_and_zip_of_the_same_files_give_identical_manifests_and_build_contexts()
    {
        (DatasetResult<DatasetManifest> fromTar, byte[] tarContext) = await Conversion.RunAsync(SampleDataset.TarGz());
        (DatasetResult<DatasetManifest> fromZip, byte[] zipContext) = await Conversion.RunAsync(SampleDataset.Zip());

        Assert.True(fromTar.IsSuccess, fromTar.Error?.Message);
        Assert.True(fromZip.IsSuccess, fromZip.Error?.Message);
        Assert.Equal(DatasetManifestJson.Serialize(fromTar.Value), DatasetManifestJson.Serialize(fromZip.Value));
        Assert.Equal(tarContext, zipContext);
    }

    [Fact]
    public async Task Listing_folders_explicitly_or_prefixing_dot_slash_changes_nothing()
    {
        (_, byte[] plain) = await Conversion.RunAsync(SampleDataset.TarGz());
        (_, byte[] withFolders) = await Conversion.RunAsync(SampleDataset.TarGz(withFolderEntries: true, dotSlash: true));
        (_, byte[] zipWithFolders) = await Conversion.RunAsync(SampleDataset.Zip(withFolderEntries: true));

        Assert.Equal(plain, withFolders);
        Assert.Equal(plain, zipWithFolders);
    }

    [Fact]
    public async Task The_same_archive_converted_twice_gives_the_same_bytes()
    {
        byte[] archive = SampleDataset.TarGz();

        (_, byte[] first) = await Conversion.RunAsync(archive);

        // The writer takes no clock (its timestamps are a constant), so no fake one can stand in: what this guards
        // against is a time read from the system clock. The signal is that clock's second turning, which makes any
        // one-second timestamp (tar's, gzip's) of the second run differ from the first's.
        long firstSecond = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTimeOffset.UtcNow.ToUnixTimeSeconds() == firstSecond)
        {
            Assert.True(DateTime.UtcNow < deadline, "the clock's second never turned");
            await Task.Delay(20); // poll interval over the clock until its second turns
        }

        (_, byte[] second) = await Conversion.RunAsync(archive);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Reordered_entries_give_the_same_manifest_and_digest()
    {
        using var reversed = new TarGzBuilder();
        foreach ((string path, byte[] content) in SampleDataset.Files.Reverse())
        {
            reversed.File(path, content);
        }

        DatasetManifest inOrder = await Conversion.SucceedAsync(SampleDataset.TarGz());
        DatasetManifest outOfOrder = await Conversion.SucceedAsync(reversed.Build());

        Assert.Equal(DatasetManifestJson.Serialize(inOrder), DatasetManifestJson.Serialize(outOfOrder));
    }

    [Fact]
    public async Task Different_content_gives_a_different_digest()
    {
        using var changed = new TarGzBuilder();
        foreach ((string path, byte[] content) in SampleDataset.Files)
        {
            changed.File(path, path == "README.md" ? [.. content, (byte)'!'] : content);
        }

        DatasetManifest original = await Conversion.SucceedAsync(SampleDataset.TarGz());
        DatasetManifest edited = await Conversion.SucceedAsync(changed.Build());

        Assert.NotEqual(original.ContentDigest, edited.ContentDigest);
    }

    [Fact]
    public async Task The_manifest_lists_every_file_sorted_with_size_and_sha256()
    {
        DatasetManifest manifest = await Conversion.SucceedAsync(SampleDataset.Zip());

        Assert.Equal(SampleDataset.Files.Select(f => f.Path).Order(StringComparer.Ordinal), manifest.Files.Select(f => f.Path));
        foreach ((string path, byte[] content) in SampleDataset.Files)
        {
            DatasetFile file = Assert.Single(manifest.Files, f => f.Path == path);
            Assert.Equal(content.Length, file.Size);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), file.Sha256);
        }

        Assert.Equal(SampleDataset.Files.Sum(f => f.Content.Length), manifest.TotalBytes);
        Assert.Equal("city-shops", manifest.Name);
        Assert.Equal("2026.11", manifest.Version);
    }

    [Fact]
    public async Task The_context_holds_the_files_under_files_with_normalised_owner_mode_and_time()
    {
        (_, byte[] context) = await Conversion.RunAsync(SampleDataset.TarGz());

        List<(TarEntry Entry, byte[] Content)> entries = Conversion.ReadContext(context);

        Assert.Equal(
            ["files/", "files/README.md", "files/shops/", "files/shops/2026/", "files/shops/2026/q1.csv", "files/shops/2026/q2.csv",
             "files/shops/상권.csv", "files/population/", "files/population/empty.csv"],
            entries.Select(e => e.Entry.Name));
        foreach ((TarEntry entry, byte[] content) in entries)
        {
            Assert.Equal(0, entry.Uid);
            Assert.Equal(0, entry.Gid);
            Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), entry.ModificationTime);
            Assert.True(entry.EntryType is TarEntryType.RegularFile or TarEntryType.Directory, $"{entry.Name} is {entry.EntryType}");
            UnixFileMode expected = entry.EntryType == TarEntryType.Directory
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            Assert.Equal(expected, entry.Mode);
        }

        foreach ((string path, byte[] content) in SampleDataset.Files)
        {
            Assert.Equal(content, Assert.Single(entries, e => e.Entry.Name == "files/" + path).Content);
        }
    }

    [Fact]
    public async Task Files_from_an_archive_with_odd_owners_and_modes_come_out_normalised()
    {
        using var tar = new TarGzBuilder();
        byte[] raw = tar.File("secret.csv", "1").Build();
        using var odd = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(odd, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "secret.csv")
            {
                Uid = 1234,
                Gid = 999,
                UserName = "mallory",
                Mode = UnixFileMode.UserRead | UnixFileMode.SetUser | UnixFileMode.UserExecute,
                ModificationTime = DateTimeOffset.UtcNow,
                DataStream = new MemoryStream([(byte)'1']),
            });
        }

        (_, byte[] fromOdd) = await Conversion.RunAsync(odd.ToArray());
        (_, byte[] fromPlain) = await Conversion.RunAsync(raw);

        Assert.Equal(fromPlain, fromOdd);
        TarEntry file = Assert.Single(Conversion.ReadContext(fromOdd), e => e.Entry.Name == "files/secret.csv").Entry;
        Assert.Equal(string.Empty, ((PosixTarEntry)file).UserName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, file.Mode);
    }

    [Fact]
    public async Task The_manifest_json_matches_the_golden_file()
    {
        DatasetManifest manifest = await Conversion.SucceedAsync(SampleDataset.Zip());

        string expected = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Golden", "sample-dataset.manifest.json"));

        Assert.Equal(expected.ReplaceLineEndings("\n"), DatasetManifestJson.Serialize(manifest));
    }

    [Fact]
    public async Task The_manifest_json_reads_back_to_the_same_manifest()
    {
        DatasetManifest manifest = await Conversion.SucceedAsync(SampleDataset.TarGz());

        DatasetManifest? read = DatasetManifestJson.Deserialize(DatasetManifestJson.Serialize(manifest));

        Assert.NotNull(read);
        Assert.Equal(manifest.Files, read.Files);
        Assert.Equal(manifest with { Files = read.Files }, read);
        Assert.Null(DatasetManifestJson.Deserialize("{\"name\":1}"));
    }

    [Fact]
    public async Task An_archive_that_cannot_seek_is_a_programming_error_not_a_refusal()
    {
        var writer = new DatasetBuildContextWriter(new DatasetArchiveLimits());
        using var unseekable = new System.IO.Compression.GZipStream(new MemoryStream(SampleDataset.TarGz()), System.IO.Compression.CompressionMode.Decompress);

        await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteAsync(Conversion.Name, Conversion.Version, unseekable, Stream.Null, CancellationToken.None));
    }

    [Fact]
    public async Task Gnu_and_ustar_archives_are_read_like_pax_ones()
    {
        using var gnu = new TarGzBuilder(TarEntryFormat.Gnu);
        using var ustar = new TarGzBuilder(TarEntryFormat.Ustar);
        string longPath = "deep/" + new string('n', 120) + "/x.csv";
        gnu.File(longPath, "1");
        ustar.File(longPath, "1");

        DatasetManifest fromGnu = await Conversion.SucceedAsync(gnu.Build());
        DatasetManifest fromUstar = await Conversion.SucceedAsync(ustar.Build());

        Assert.Equal(longPath, Assert.Single(fromGnu.Files).Path);
        Assert.Equal(DatasetManifestJson.Serialize(fromGnu), DatasetManifestJson.Serialize(fromUstar));
    }
}
