using System.IO.Compression;
using Sandbox.Datasets;

namespace Benchmarks.Datasets;

/// <summary>Reads an archive's content and throws it away: the least any conversion must cost.</summary>
internal static class DecompressionFloor
{
    public static long Read(string path, ArchiveFormat format)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024);
        byte[] buffer = new byte[256 * 1024];
        long total = 0;
        if (format == ArchiveFormat.TarGzip)
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            total += Drain(gzip, buffer);
            return total;
        }

        using var zip = new ZipArchive(file, ZipArchiveMode.Read);
        foreach (ZipArchiveEntry entry in zip.Entries)
        {
            using Stream content = entry.Open();
            total += Drain(content, buffer);
        }

        return total;
    }

    private static long Drain(Stream stream, byte[] buffer)
    {
        long total = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }
}
