using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Sandbox.Datasets.Tests.Corpus;

/// <summary>Builds .tar.gz archives in memory, hostile ones included, entry by entry.</summary>
internal sealed class TarGzBuilder : IDisposable
{
    private readonly MemoryStream _tar = new();
    private readonly TarWriter _writer;
    private readonly TarEntryFormat _format;

    public TarGzBuilder(TarEntryFormat format = TarEntryFormat.Pax)
    {
        _format = format;
        _writer = new TarWriter(_tar, format, leaveOpen: true);
    }

    public TarGzBuilder File(string name, string content) => File(name, Encoding.UTF8.GetBytes(content));

    public TarGzBuilder File(string name, byte[] content)
    {
        TarEntry entry = NewEntry(TarEntryType.RegularFile, name);
        entry.DataStream = new MemoryStream(content);
        _writer.WriteEntry(entry);
        return this;
    }

    public TarGzBuilder Directory(string name) => Add(NewEntry(TarEntryType.Directory, name));

    public TarGzBuilder SymbolicLink(string name, string target)
    {
        TarEntry entry = NewEntry(TarEntryType.SymbolicLink, name);
        entry.LinkName = target;
        return Add(entry);
    }

    public TarGzBuilder HardLink(string name, string target)
    {
        TarEntry entry = NewEntry(TarEntryType.HardLink, name);
        entry.LinkName = target;
        return Add(entry);
    }

    public TarGzBuilder Special(TarEntryType type, string name) => Add(NewEntry(type, name));

    /// <summary>The uncompressed tar so far (end marker included).</summary>
    public byte[] Tar()
    {
        _writer.Dispose();
        return _tar.ToArray();
    }

    public byte[] Build() => Gzip(Tar());

    public void Dispose()
    {
        _writer.Dispose();
        _tar.Dispose();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return compressed.ToArray();
    }

    private TarGzBuilder Add(TarEntry entry)
    {
        _writer.WriteEntry(entry);
        return this;
    }

    private TarEntry NewEntry(TarEntryType type, string name) => _format switch
    {
        TarEntryFormat.Ustar => new UstarTarEntry(type, name),
        TarEntryFormat.Gnu => new GnuTarEntry(type, name),
        TarEntryFormat.V7 => new V7TarEntry(type, name),
        _ => new PaxTarEntry(type, name),
    };
}
