using System.Formats.Tar;
using System.Text;

namespace Sandbox.Datasets.Tests.Corpus;

/// <summary>
/// The hostile corpus, generated on the fly: each case is an archive, the reason it must be refused with, and
/// the entry the refusal must name (null when no single entry is to blame).
/// </summary>
internal static class HostileArchives
{
    private const int UnixSymbolicLink = 0xA000 | 0x1FF;
    private const int UnixFifo = 0x1000 | 0x1A4;
    private const int UnixCharacterDevice = 0x2000 | 0x1A4;

    public static readonly IReadOnlyDictionary<string, (Func<byte[]> Archive, string Reason, string? Entry)> Cases =
        new Dictionary<string, (Func<byte[]>, string, string?)>
        {
            ["tar: parent traversal"] = (() => Tar().File("ok.csv", "a").File("../../etc/passwd", "x").Build(), "archive.path_traversal", "../../etc/passwd"),
            ["tar: traversal inside a path"] = (() => Tar().File("data/../../outside.csv", "x").Build(), "archive.path_traversal", "data/../../outside.csv"),
            ["tar: traversal with backslashes"] = (() => Tar().File("data\\..\\..\\evil.csv", "x").Build(), "archive.path_traversal", "data\\..\\..\\evil.csv"),
            ["tar: absolute path"] = (() => Tar().File("/etc/cron.d/evil", "x").Build(), "archive.absolute_path", "/etc/cron.d/evil"),
            ["tar: drive-letter path"] = (() => Tar().File("C:\\Windows\\evil.dll", "x").Build(), "archive.absolute_path", "C:\\Windows\\evil.dll"),
            ["tar: symlink pointing out"] = (() => Tar().File("a.csv", "1").SymbolicLink("passwd", "/etc/passwd").Build(), "archive.link", "passwd"),
            ["tar: symlink pointing up"] = (() => Tar().SymbolicLink("up", "../../..").Build(), "archive.link", "up"),
            ["tar: hardlink pointing out"] = (() => Tar().HardLink("shadow", "/etc/shadow").Build(), "archive.link", "shadow"),
            ["tar: character device"] = (() => Tar().Special(TarEntryType.CharacterDevice, "null").Build(), "archive.special_file", "null"),
            ["tar: block device"] = (() => Tar().Special(TarEntryType.BlockDevice, "sda").Build(), "archive.special_file", "sda"),
            ["tar: fifo"] = (() => Tar().File("a.csv", "1").Special(TarEntryType.Fifo, "pipe").Build(), "archive.special_file", "pipe"),
            ["tar: duplicate file"] = (() => Tar().File("data.csv", "1").File("data.csv", "2").Build(), "archive.duplicate_entry", "data.csv"),
            ["tar: file then folder of the same name"] = (() => Tar().File("data", "1").File("data/inner.csv", "2").Build(), "archive.duplicate_entry", "data/inner.csv"),
            ["tar: names differing by case"] = (() => Tar().File("Data.csv", "1").File("data.csv", "2").Build(), "archive.case_conflict", "data.csv"),
            ["tar: folders differing by case"] = (() => Tar().File("Shops/a.csv", "1").File("shops/b.csv", "2").Build(), "archive.case_conflict", "shops/b.csv"),
            ["tar: names differing by normalisation"] = (() => Tar().File("caf\u00E9.csv", "1").File("cafe\u0301.csv", "2").Build(), "archive.case_conflict", "cafe\u0301.csv"),
            ["tar: non-UTF-8 name"] = (NonUtf8Tar, "archive.non_utf8_name", "caf\uFFFD.csv"),
            ["tar: reserved device name"] = (() => Tar().File("CON", "1").Build(), "archive.unsafe_name", "CON"),
            ["tar: reserved device name with extension"] = (() => Tar().File("logs/aux.txt", "1").Build(), "archive.unsafe_name", "logs/aux.txt"),
            ["tar: trailing dot"] = (() => Tar().File("report.", "1").Build(), "archive.unsafe_name", "report."),
            ["tar: trailing space"] = (() => Tar().File("folder /a.csv", "1").Build(), "archive.unsafe_name", "folder /a.csv"),
            ["tar: colon"] = (() => Tar().File("at 10:30.csv", "1").Build(), "archive.unsafe_name", "at 10:30.csv"),
            ["tar: drive-relative path"] = (() => Tar().File("d:data.csv", "1").Build(), "archive.absolute_path", "d:data.csv"),
            ["tar: question mark"] = (() => Tar().File("what?.csv", "1").Build(), "archive.unsafe_name", "what?.csv"),
            ["tar: pipe"] = (() => Tar().File("a|b", "1").Build(), "archive.unsafe_name", "a|b"),
            ["tar: control character"] = (() => Tar().File("evil\u001B[31m.csv", "1").Build(), "archive.unsafe_name", "evil\u001B[31m.csv"),
            ["tar: newline"] = (() => new TarGzBuilder(TarEntryFormat.Gnu).File("two\nlines.csv", "1").Build(), "archive.unsafe_name", "two\nlines.csv"),
            ["tar: truncated gzip"] = (() => Cut(Tar().File("big.bin", RandomBytes(200_000)).Build(), 0.5), "archive.truncated", "big.bin"),
            ["tar: truncated tar inside intact gzip"] = (() => TarGzBuilder.Gzip(Tar().File("big.bin", RandomBytes(200_000)).Tar()[..100_000]), "archive.truncated", "big.bin"),
            ["tar: gzip of random bytes"] = (() => TarGzBuilder.Gzip(RandomBytes(4096)), "archive.corrupt", null),
            ["tar: empty"] = (() => TarGzBuilder.Gzip(new byte[1024]), "archive.empty", null),
            ["tar: folders only"] = (() => Tar().Directory("a/").Directory("a/b/").Build(), "archive.empty", null),
            ["random bytes"] = (() => RandomBytes(10_000), "archive.not_an_archive", null),
            ["empty upload"] = (() => [], "archive.not_an_archive", null),
            ["uncompressed tar"] = (() => Tar().File("a.csv", "1").Tar(), "archive.not_an_archive", null),
            ["zip: parent traversal"] = (() => new ZipBuilder().File("ok.csv", "1").File("../evil.sh", "x").Build(), "archive.path_traversal", "../evil.sh"),
            ["zip: traversal with backslashes"] = (() => new ZipBuilder().File("..\\..\\evil.sh", "x").Build(), "archive.path_traversal", "..\\..\\evil.sh"),
            ["zip: absolute path"] = (() => new ZipBuilder().File("/tmp/evil", "x").Build(), "archive.absolute_path", "/tmp/evil"),
            ["zip: symlink"] = (() => new ZipBuilder().File("a.csv", "1").File("link", Encoding.UTF8.GetBytes("/etc/passwd"), UnixSymbolicLink).Build(), "archive.link", "link"),
            ["zip: fifo"] = (() => new ZipBuilder().File("pipe", [], UnixFifo).Build(), "archive.special_file", "pipe"),
            ["zip: character device"] = (() => new ZipBuilder().File("tty", [], UnixCharacterDevice).Build(), "archive.special_file", "tty"),
            ["zip: duplicate entries"] = (() => new ZipBuilder().File("a/b.csv", "1").File("a/b.csv", "2").Build(), "archive.duplicate_entry", "a/b.csv"),
            ["zip: names differing by case"] = (() => new ZipBuilder().File("README.md", "1").File("readme.md", "2").Build(), "archive.case_conflict", "readme.md"),
            ["zip: non-UTF-8 name"] = (NonUtf8Zip, "archive.non_utf8_name", "caf\uFFFD.csv"),
            ["zip: reserved name"] = (() => new ZipBuilder().File("data/nul.csv", "1").Build(), "archive.unsafe_name", "data/nul.csv"),
            ["zip: truncated"] = (() => Cut(new ZipBuilder().File("big.bin", RandomBytes(100_000)).Build(), 0.6), "archive.truncated", null),
            ["zip: empty"] = (() => new ZipBuilder().Build(), "archive.empty", null),
            ["zip: folders only"] = (() => new ZipBuilder().Directory("a").Directory("a/b").Build(), "archive.empty", null),
            ["zip: bomb by ratio"] = (() => new ZipBuilder().File("a.csv", "1").ZeroFile("zeros.bin", 64L * 1024 * 1024).Build(), "archive.compression_ratio", "zeros.bin"),
        };

    private static TarGzBuilder Tar() => new();

    // "cafX.csv" with X replaced by 0xE9, Latin-1's é, which is not UTF-8 on its own.
    private static byte[] NonUtf8Tar()
    {
        byte[] tar = RawBytes.Replace(new TarGzBuilder(TarEntryFormat.Ustar).File("cafX.csv", "1").Tar(), "cafX", [(byte)'c', (byte)'a', (byte)'f', 0xE9]);
        RawBytes.FixTarChecksums(tar);
        return TarGzBuilder.Gzip(tar);
    }

    // Stored (not deflated) so the placeholder is findable; the name sits in the local header and the central directory.
    private static byte[] NonUtf8Zip() =>
        RawBytes.Replace(new ZipBuilder().File("cafX.csv", Encoding.UTF8.GetBytes("1"), level: System.IO.Compression.CompressionLevel.NoCompression).Build(),
            "cafX", [(byte)'c', (byte)'a', (byte)'f', 0xE9]);

    private static byte[] Cut(byte[] data, double keep) => data[..(int)(data.Length * keep)];

    private static byte[] RandomBytes(int length)
    {
        byte[] bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
