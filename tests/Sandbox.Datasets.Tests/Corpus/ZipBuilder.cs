using System.IO.Compression;
using System.Text;

namespace Sandbox.Datasets.Tests.Corpus;

/// <summary>Builds zip archives in memory, hostile ones included.</summary>
internal sealed class ZipBuilder : IDisposable
{
    private readonly MemoryStream _bytes = new();
    private readonly ZipArchive _zip;

    public ZipBuilder() => _zip = new ZipArchive(_bytes, ZipArchiveMode.Create, leaveOpen: true);

    public ZipBuilder File(string name, string content) => File(name, Encoding.UTF8.GetBytes(content));

    public ZipBuilder File(string name, byte[] content, int? unixMode = null, CompressionLevel level = CompressionLevel.Optimal)
    {
        ZipArchiveEntry entry = _zip.CreateEntry(name, level);
        if (unixMode is int mode)
        {
            entry.ExternalAttributes = mode << 16;
        }

        using Stream stream = entry.Open();
        stream.Write(content);
        return this;
    }

    /// <summary>A large file written in chunks so the test does not hold it whole.</summary>
    public ZipBuilder ZeroFile(string name, long length)
    {
        ZipArchiveEntry entry = _zip.CreateEntry(name, CompressionLevel.SmallestSize);
        using Stream stream = entry.Open();
        byte[] chunk = new byte[1024 * 1024];
        for (long left = length; left > 0; left -= chunk.Length)
        {
            stream.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        }

        return this;
    }

    public ZipBuilder Directory(string name)
    {
        _zip.CreateEntry(name.EndsWith('/') ? name : name + "/");
        return this;
    }

    public byte[] Build()
    {
        _zip.Dispose();
        return _bytes.ToArray();
    }

    public void Dispose()
    {
        _zip.Dispose();
        _bytes.Dispose();
    }
}
