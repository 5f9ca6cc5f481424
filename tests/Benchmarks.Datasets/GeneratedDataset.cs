using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Sandbox.Datasets;

namespace Benchmarks.Datasets;

/// <summary>
/// A synthetic dataset of CSV-like files (compresses a few times, like real tables) in 100 folders, written as
/// tar.gz or zip without ever holding a file in memory.
/// </summary>
internal sealed class GeneratedDataset(long totalBytes, int fileCount)
{
    private static readonly byte[] Block = MakeBlock(1024 * 1024);

    public long TotalBytes { get; } = totalBytes / fileCount * fileCount;

    public int FileCount { get; } = fileCount;

    private long FileBytes => TotalBytes / FileCount;

    public void Write(string path, ArchiveFormat format)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1024 * 1024);
        if (format == ArchiveFormat.TarGzip)
        {
            using var gzip = new GZipStream(file, CompressionLevel.Fastest);
            using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
            for (int i = 0; i < FileCount; i++)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, EntryName(i)) { DataStream = new RepeatingStream(Block, FileBytes, i) });
            }
        }
        else
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Create);
            for (int i = 0; i < FileCount; i++)
            {
                using Stream entry = zip.CreateEntry(EntryName(i), CompressionLevel.Fastest).Open();
                new RepeatingStream(Block, FileBytes, i).CopyTo(entry, 1024 * 1024);
            }
        }
    }

    private static string EntryName(int i) => string.Create(CultureInfo.InvariantCulture, $"region-{i % 100:D2}/part-{i:D5}.csv");

    private static byte[] MakeBlock(int length)
    {
        var random = new Random(2026);
        var text = new StringBuilder(length + 64);
        while (text.Length < length)
        {
            text.Append(CultureInfo.InvariantCulture, $"{random.Next(1, 400)},{random.Next(100_000)},{random.NextDouble():F4},shop-{random.Next(5000)}\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }
}
