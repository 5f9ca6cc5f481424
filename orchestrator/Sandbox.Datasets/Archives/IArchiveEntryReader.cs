namespace Sandbox.Datasets.Archives;

/// <summary>
/// Walks an archive's entries in the archive's own order. Faults of the archive (corrupt, truncated) surface as
/// <see cref="ArchiveRefusedException"/>; faults of the machine (I/O on the staged file) as themselves.
/// </summary>
internal interface IArchiveEntryReader : IDisposable
{
    /// <summary>The next entry, or null after the last.</summary>
    ValueTask<ArchiveEntry?> NextAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The content of the current file entry. Reading it may throw what <see cref="ArchiveFaults.Translate"/>
    /// understands. The reader owns it: valid until <see cref="NextAsync"/> is called again, and not to be disposed.
    /// </summary>
    Stream OpenContent();
}
