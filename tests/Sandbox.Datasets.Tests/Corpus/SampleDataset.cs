using System.Text;

namespace Sandbox.Datasets.Tests.Corpus;

/// <summary>A small dataset with nested folders and a Korean file name, as tar.gz and as zip.</summary>
internal static class SampleDataset
{
    public static readonly IReadOnlyList<(string Path, byte[] Content)> Files =
    [
        ("README.md", Encoding.UTF8.GetBytes("# 상점 통계\nShops of the city, 2026.\n")),
        ("shops/2026/q1.csv", Encoding.UTF8.GetBytes("district,shops\n중구,120\n동구,85\n")),
        ("shops/2026/q2.csv", Encoding.UTF8.GetBytes("district,shops\n중구,124\n동구,83\n")),
        ("shops/상권.csv", Encoding.UTF8.GetBytes("id,name\n1,시장\n")),
        ("population/empty.csv", []),
    ];

    public static byte[] TarGz(bool withFolderEntries = false, bool dotSlash = false)
    {
        using var tar = new TarGzBuilder();
        string prefix = dotSlash ? "./" : "";
        if (dotSlash)
        {
            tar.Directory("./");
        }

        foreach ((string path, byte[] content) in Files)
        {
            if (withFolderEntries && path.Contains('/', StringComparison.Ordinal))
            {
                tar.Directory(prefix + path[..path.LastIndexOf('/')] + "/");
            }

            tar.File(prefix + path, content);
        }

        return tar.Build();
    }

    public static byte[] Zip(bool withFolderEntries = false)
    {
        using var zip = new ZipBuilder();
        foreach ((string path, byte[] content) in Files)
        {
            if (withFolderEntries && path.Contains('/', StringComparison.Ordinal))
            {
                zip.Directory(path[..path.LastIndexOf('/')]);
            }

            zip.File(path, content);
        }

        return zip.Build();
    }
}
