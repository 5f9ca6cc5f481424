namespace Sandbox.Datasets.Archives;

/// <summary>What an archive entry is, as far as a dataset cares.</summary>
internal enum ArchiveEntryKind
{
    File,
    Directory,
    Link,
    SpecialFile,

    /// <summary>Bookkeeping that carries no file (a PAX global header); passed over.</summary>
    Metadata,
}
