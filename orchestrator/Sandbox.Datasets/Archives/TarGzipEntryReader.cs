using System.Formats.Tar;
using System.IO.Compression;

namespace Sandbox.Datasets.Archives;

/// <summary>
/// Reads a gzip-compressed tar front to back with <see cref="TarReader"/> over <see cref="GZipStream"/>: nothing
/// is held in memory beyond one buffer, and nothing needs seeking.
/// </summary>
internal sealed class TarGzipEntryReader : IArchiveEntryReader
{
    private readonly GZipStream _gzip;
    private readonly CountingReadStream _expanded;
    private readonly TarReader _tar;
    private TarEntry? _current;

    /// <param name="compressed">The archive, positioned at its first byte; left open.</param>
    /// <param name="expandedBytes">Counts every byte the tar reader takes out of gzip, headers and padding too.</param>
    /// <param name="afterRead">Judges the totals after every read (see <see cref="CountingReadStream"/>).</param>
    public TarGzipEntryReader(Stream compressed, ByteCounter expandedBytes, Action afterRead)
    {
        _gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        _expanded = new CountingReadStream(_gzip, expandedBytes, leaveOpen: true, afterRead);
        _tar = new TarReader(_expanded, leaveOpen: true);
    }

    public async ValueTask<ArchiveEntry?> NextAsync(CancellationToken cancellationToken)
    {
        string? previous = _current?.Name;
        _current = await ArchiveFaults.GuardAsync(() => _tar.GetNextEntryAsync(copyData: false, cancellationToken), previous).ConfigureAwait(false);
        return _current is null ? null : Describe(_current);
    }

    public Stream OpenContent() => _current?.DataStream ?? Stream.Null;

    public void Dispose()
    {
        _tar.Dispose();
        _expanded.Dispose();
        _gzip.Dispose();
    }

    private static ArchiveEntry Describe(TarEntry entry)
    {
        string name = entry.Name;
        return entry.EntryType switch
        {
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile when IsGnuSparse(entry) =>
                new ArchiveEntry(name, ArchiveEntryKind.SpecialFile, 0, "a GNU sparse file"),

            // Pre-POSIX tars mark directories only by a trailing slash on a regular entry.
            TarEntryType.V7RegularFile when name.EndsWith('/') && entry.Length == 0 =>
                new ArchiveEntry(name, ArchiveEntryKind.Directory, 0),
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile =>
                new ArchiveEntry(name, ArchiveEntryKind.File, entry.Length),
            TarEntryType.Directory => new ArchiveEntry(name, ArchiveEntryKind.Directory, 0),
            TarEntryType.SymbolicLink => new ArchiveEntry(name, ArchiveEntryKind.Link, 0, $"a symbolic link to '{EntryNameDisplay.Quote(entry.LinkName)}'"),
            TarEntryType.HardLink => new ArchiveEntry(name, ArchiveEntryKind.Link, 0, $"a hard link to '{EntryNameDisplay.Quote(entry.LinkName)}'"),
            TarEntryType.CharacterDevice => new ArchiveEntry(name, ArchiveEntryKind.SpecialFile, 0, "a character device"),
            TarEntryType.BlockDevice => new ArchiveEntry(name, ArchiveEntryKind.SpecialFile, 0, "a block device"),
            TarEntryType.Fifo => new ArchiveEntry(name, ArchiveEntryKind.SpecialFile, 0, "a fifo"),
            TarEntryType.GlobalExtendedAttributes => new ArchiveEntry(name, ArchiveEntryKind.Metadata, 0),
            _ => new ArchiveEntry(name, ArchiveEntryKind.SpecialFile, 0, $"a tar entry of type '{(char)entry.EntryType}', which datasets do not take"),
        };
    }

    // GNU sparse files in PAX form look like regular files whose data is a sparse map, not the content.
    private static bool IsGnuSparse(TarEntry entry) =>
        entry is PaxTarEntry pax && pax.ExtendedAttributes.Keys.Any(key => key.StartsWith("GNU.sparse.", StringComparison.Ordinal));
}
