using System.IO.Compression;
using System.Text;

namespace Sandbox.Datasets.Archives;

/// <summary>
/// Reads a zip with <see cref="ZipArchive"/>, which needs a seekable stream (the staged upload). Entries come in
/// central-directory order. Names without the UTF-8 flag are decoded as UTF-8 too, so bytes that are not UTF-8
/// show up as U+FFFD and are refused rather than silently read in some legacy code page.
/// </summary>
internal sealed class ZipEntryReader : IArchiveEntryReader
{
    // Unix file types in the upper half of a zip entry's external attributes (st_mode >> 12 << 12).
    private const int UnixTypeMask = 0xF000;
    private const int UnixFifo = 0x1000;
    private const int UnixCharacterDevice = 0x2000;
    private const int UnixDirectory = 0x4000;
    private const int UnixBlockDevice = 0x6000;
    private const int UnixRegularFile = 0x8000;
    private const int UnixSymbolicLink = 0xA000;
    private const int UnixSocket = 0xC000;

    private readonly ZipArchive _zip;
    private readonly ByteCounter _expandedBytes;
    private readonly Action _afterRead;
    private readonly IEnumerator<ZipArchiveEntry> _entries;
    private ZipArchiveEntry? _current;
    private Stream? _content;

    /// <param name="archive">The archive (seekable), already counted by its reader; left open.</param>
    /// <param name="expandedBytes">Counts the decompressed bytes of every file read.</param>
    /// <param name="afterRead">Judges the totals after every read (see <see cref="CountingReadStream"/>).</param>
    public ZipEntryReader(Stream archive, ByteCounter expandedBytes, Action afterRead)
    {
        _expandedBytes = expandedBytes;
        _afterRead = afterRead;
        _zip = ArchiveFaults.Guard(() => new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true, Encoding.UTF8), entry: null);
        _entries = ArchiveFaults.Guard(() => _zip.Entries.GetEnumerator(), entry: null);
    }

    public ValueTask<ArchiveEntry?> NextAsync(CancellationToken cancellationToken)
    {
        _content?.Dispose();
        _content = null;
        _current = _entries.MoveNext() ? _entries.Current : null;
        return ValueTask.FromResult(_current is null ? null : Describe(_current));
    }

    public Stream OpenContent()
    {
        ZipArchiveEntry entry = _current ?? throw new InvalidOperationException("No current entry.");
        Stream content = ArchiveFaults.Guard(entry.Open, entry.FullName);
        _content = new CountingReadStream(content, _expandedBytes, leaveOpen: false, _afterRead);
        return _content;
    }

    public void Dispose()
    {
        _content?.Dispose();
        _entries.Dispose();
        _zip.Dispose();
    }

    private static ArchiveEntry Describe(ZipArchiveEntry entry)
    {
        string name = entry.FullName;
        int unixType = (entry.ExternalAttributes >> 16) & UnixTypeMask;
        bool namedAsDirectory = name.EndsWith('/') || name.EndsWith('\\');
        return unixType switch
        {
            UnixSymbolicLink => new ArchiveEntry(name, ArchiveEntryKind.Link, 0, "a symbolic link"),
            UnixFifo => new ArchiveEntry(name, ArchiveEntryKind.SpecialFile, 0, "a fifo"),
            UnixCharacterDevice => new ArchiveEntry(name, ArchiveEntryKind.SpecialFile, 0, "a character device"),
            UnixBlockDevice => new ArchiveEntry(name, ArchiveEntryKind.SpecialFile, 0, "a block device"),
            UnixSocket => new ArchiveEntry(name, ArchiveEntryKind.SpecialFile, 0, "a socket"),
            0 or UnixDirectory or UnixRegularFile when namedAsDirectory && entry.Length == 0 => new ArchiveEntry(name, ArchiveEntryKind.Directory, 0),
            0 or UnixRegularFile when !namedAsDirectory => new ArchiveEntry(name, ArchiveEntryKind.File, entry.Length),

            // A directory with content, or a file whose Unix mode says directory: no tool writes these honestly.
            _ => throw new ArchiveRefusedException(new DatasetError(DatasetErrorCode.Corrupt,
                $"Entry '{EntryNameDisplay.Quote(name)}' is neither a plain file nor an empty folder (its name and mode disagree).", name)),
        };
    }
}
