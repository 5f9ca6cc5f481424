using System.Formats.Tar;
using System.Text;

namespace Sandbox.Runtime.Docker.Tests;

/// <summary>Builds an in-memory tar build context, the way the datasets service will hand one to the builder.</summary>
public sealed class BuildContext
{
    private readonly List<(string Path, byte[] Content, UnixFileMode Mode)> _files = [];

    public BuildContext Dockerfile(string text) => Text("Dockerfile", text);

    public BuildContext Text(string path, string content) => File(path, Encoding.UTF8.GetBytes(content));

    public BuildContext File(string path, byte[] content, UnixFileMode mode = (UnixFileMode)0b110_100_100) 
    {
        _files.Add((path, content, mode));
        return this;
    }

    public MemoryStream ToTar()
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, content, mode) in _files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, path)
                {
                    DataStream = new MemoryStream(content),
                    Mode = mode,
                };
                writer.WriteEntry(entry);
            }
        }

        tar.Position = 0;
        return tar;
    }
}
