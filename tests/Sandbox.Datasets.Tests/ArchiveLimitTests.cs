using System.Formats.Tar;
using System.Text;
using Sandbox.Datasets.Tests.Corpus;

namespace Sandbox.Datasets.Tests;

public sealed class ArchiveLimitTests
{
    [Fact]
    public async Task More_files_than_the_limit_are_refused_at_the_first_file_over_it()
    {
        using var tar = new TarGzBuilder();
        for (int i = 1; i <= 4; i++)
        {
            tar.File($"part-{i}.csv", "x");
        }

        DatasetError error = await Conversion.RefuseAsync(tar.Build(), new DatasetArchiveLimits { MaxFiles = 3 });

        Assert.Equal("archive.too_many_files", error.Reason);
        Assert.Equal("part-4.csv", error.Entry);
    }

    [Fact]
    public async Task Exactly_the_file_limit_is_accepted()
    {
        using var tar = new TarGzBuilder();
        for (int i = 1; i <= 3; i++)
        {
            tar.File($"part-{i}.csv", "x");
        }

        DatasetManifest manifest = await Conversion.SucceedAsync(tar.Build(), new DatasetArchiveLimits { MaxFiles = 3 });

        Assert.Equal(3, manifest.Files.Count);
    }

    [Fact]
    public async Task A_zip_claiming_more_entries_than_files_and_folders_allowed_is_refused_before_reading_them()
    {
        using var zip = new ZipBuilder();
        for (int i = 0; i < 7; i++)
        {
            zip.File($"f{i}.csv", "x");
        }

        DatasetError error = await Conversion.RefuseAsync(zip.Build(), new DatasetArchiveLimits { MaxFiles = 3 });

        Assert.Equal("archive.too_many_files", error.Reason);
        Assert.Contains("7 entries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zip_whose_entry_count_needs_zip64_is_counted_from_its_zip64_end_record()
    {
        using var bytes = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(bytes, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            for (int i = 0; i < 70_000; i++)
            {
                zip.CreateEntry($"e{i}");
            }
        }

        DatasetError error = await Conversion.RefuseAsync(bytes.ToArray());

        Assert.Equal("archive.too_many_files", error.Reason);
        Assert.Contains("70000 entries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_folders_are_refused_even_without_files()
    {
        using var tar = new TarGzBuilder();
        tar.Directory("a/").Directory("b/").Directory("c/").File("a/x.csv", "1");

        DatasetError error = await Conversion.RefuseAsync(tar.Build(), new DatasetArchiveLimits { MaxFiles = 2 });

        Assert.Equal("archive.too_many_files", error.Reason);
        Assert.Equal("c/", error.Entry);
    }

    [Fact]
    public async Task A_file_over_the_single_file_limit_is_refused_by_its_header()
    {
        using var tar = new TarGzBuilder();
        tar.File("small.csv", new byte[100]).File("big.csv", new byte[5000]);

        DatasetError error = await Conversion.RefuseAsync(tar.Build(), new DatasetArchiveLimits { MaxFileBytes = 4096 });

        Assert.Equal("archive.file_too_large", error.Reason);
        Assert.Equal("big.csv", error.Entry);
    }

    [Fact]
    public async Task Files_adding_up_past_the_total_limit_are_refused_at_the_one_that_crosses_it()
    {
        using var zip = new ZipBuilder();
        zip.File("1.csv", new byte[3000]).File("2.csv", new byte[3000]).File("3.csv", new byte[3000]);

        DatasetError error = await Conversion.RefuseAsync(zip.Build(), new DatasetArchiveLimits { MaxTotalBytes = 8000 });

        Assert.Equal("archive.too_large", error.Reason);
        Assert.Equal("3.csv", error.Entry);
    }

    [Fact]
    public async Task A_zip_bomb_under_a_small_size_limit_is_refused_for_size()
    {
        using var zip = new ZipBuilder();
        zip.ZeroFile("zeros.bin", 32L * 1024 * 1024);

        DatasetError error = await Conversion.RefuseAsync(zip.Build(), new DatasetArchiveLimits { MaxTotalBytes = 1024 * 1024, MaxFileBytes = 1024 * 1024 });

        Assert.Equal("archive.file_too_large", error.Reason);
        Assert.Equal("zeros.bin", error.Entry);
    }

    [Fact]
    public async Task A_tar_gz_bomb_is_stopped_by_the_running_ratio_long_before_its_end()
    {
        const long bombBytes = 256L * 1024 * 1024;
        byte[] archive = TarGzOfZeros("zeros.bin", bombBytes);
        var limits = new DatasetArchiveLimits { MaxCompressionRatio = 200, CompressionRatioGraceBytes = 1024 * 1024 };
        var writer = new DatasetBuildContextWriter(limits);
        var sink = new CountingSink();

        DatasetResult<DatasetManifest> result = await writer.WriteAsync(Conversion.Name, Conversion.Version, new MemoryStream(archive), sink, CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Equal("archive.compression_ratio", result.Error.Reason);
        Assert.Equal("zeros.bin", result.Error.Entry);
        Assert.True(sink.Written < 16L * 1024 * 1024, $"wrote {sink.Written} bytes of a {bombBytes}-byte bomb before stopping");
    }

    [Fact]
    public async Task A_tar_of_many_empty_headers_is_judged_by_the_ratio_of_headers_too()
    {
        using var tar = new TarGzBuilder(TarEntryFormat.Ustar);
        for (int i = 0; i < 5000; i++)
        {
            tar.Directory("d/");
        }

        DatasetError error = await Conversion.RefuseAsync(tar.Build(), new DatasetArchiveLimits { MaxCompressionRatio = 50, CompressionRatioGraceBytes = 64 * 1024 });

        Assert.Equal("archive.compression_ratio", error.Reason);
    }

    [Fact]
    public async Task Compressible_but_ordinary_data_passes_the_ratio()
    {
        byte[] csv = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 200_000).Select(i => $"{i},{i * 7 % 1013},{(i * 31) % 97}.5\n")));
        using var tar = new TarGzBuilder();
        tar.File("table.csv", csv);

        DatasetManifest manifest = await Conversion.SucceedAsync(tar.Build());

        Assert.Equal(csv.Length, manifest.TotalBytes);
    }

    [Fact]
    public async Task A_path_longer_than_the_limit_is_refused_as_unsafe()
    {
        string longName = new string('a', 120) + "/" + new string('b', 140) + ".csv";
        using var tar = new TarGzBuilder();
        tar.File(longName, "1");

        DatasetError error = await Conversion.RefuseAsync(tar.Build());

        Assert.Equal("archive.unsafe_name", error.Reason);
        Assert.Equal(longName, error.Entry);
        Assert.Contains("265 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_deeper_than_the_limit_is_refused_as_unsafe()
    {
        string deep = string.Join('/', Enumerable.Repeat("d", 5)) + "/x.csv";
        using var tar = new TarGzBuilder();
        tar.File(deep, "1");

        DatasetError error = await Conversion.RefuseAsync(tar.Build(), new DatasetArchiveLimits { MaxDepth = 5 });

        Assert.Equal("archive.unsafe_name", error.Reason);
        Assert.Equal(deep, error.Entry);
    }

    [Fact]
    public async Task A_pax_header_claiming_a_gigabyte_of_attributes_it_does_not_have_is_refused()
    {
        byte[] header = new byte[512];
        Encoding.ASCII.GetBytes("PaxHeader/x").CopyTo(header, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(header, 100);
        Encoding.ASCII.GetBytes("07777777777\0").CopyTo(header, 124);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(header, 136);
        header[156] = (byte)'x';
        Encoding.ASCII.GetBytes("ustar\000").CopyTo(header, 257);
        RawBytes.FixTarChecksums(header);

        DatasetError error = await Conversion.RefuseAsync(TarGzBuilder.Gzip([.. header, .. new byte[4096]]));

        Assert.Equal("archive.truncated", error.Reason);
        Assert.Null(error.Entry);
    }

    [Fact]
    public async Task A_bomb_hidden_in_a_pax_header_is_stopped_by_the_ratio_while_the_tar_reader_pulls_it()
    {
        const int attributeBytes = 256 * 1024 * 1024;
        byte[] header = new byte[512];
        Encoding.ASCII.GetBytes("PaxHeader/x").CopyTo(header, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(header, 100);
        Encoding.ASCII.GetBytes(Convert.ToString(attributeBytes, 8).PadLeft(11, '0') + "\0").CopyTo(header, 124);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(header, 136);
        header[156] = (byte)'x';
        Encoding.ASCII.GetBytes("ustar\000").CopyTo(header, 257);
        RawBytes.FixTarChecksums(header);
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(header);
            new ZeroStream(attributeBytes).CopyTo(gzip);
        }

        DatasetError error = await Conversion.RefuseAsync(compressed.ToArray());

        Assert.Equal("archive.compression_ratio", error.Reason);
        Assert.Null(error.Entry);
    }

    private static byte[] TarGzOfZeros(string name, long length)
    {
        // The tar is streamed into gzip so the test never holds the bomb uncompressed.
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new ZeroStream(length) };
            writer.WriteEntry(entry);
        }

        return compressed.ToArray();
    }
}
