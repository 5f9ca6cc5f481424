namespace Sandbox.Datasets;

/// <summary>
/// Why a dataset name, version or archive was refused. Each code has a stable, machine-readable
/// <see cref="DatasetError.Reason"/> that clients may rely on; the enum's numbers are not part of the contract.
/// </summary>
public enum DatasetErrorCode
{
    /// <summary><c>dataset.invalid_name</c></summary>
    InvalidName,

    /// <summary><c>dataset.invalid_version</c></summary>
    InvalidVersion,

    /// <summary><c>archive.not_an_archive</c>: neither a gzip-compressed tar nor a zip.</summary>
    NotAnArchive,

    /// <summary><c>archive.absolute_path</c></summary>
    AbsolutePath,

    /// <summary><c>archive.path_traversal</c>: a <c>..</c> segment.</summary>
    PathTraversal,

    /// <summary><c>archive.link</c>: a symbolic or hard link.</summary>
    Link,

    /// <summary><c>archive.special_file</c>: a device, fifo, socket or other non-regular entry.</summary>
    SpecialFile,

    /// <summary><c>archive.unsafe_name</c>: a name some file system cannot hold or treats specially.</summary>
    UnsafeName,

    /// <summary><c>archive.duplicate_entry</c></summary>
    DuplicateEntry,

    /// <summary><c>archive.case_conflict</c>: names that differ only by case (or Unicode normalisation).</summary>
    CaseConflict,

    /// <summary><c>archive.non_utf8_name</c></summary>
    NonUtf8Name,

    /// <summary><c>archive.too_many_files</c></summary>
    TooManyFiles,

    /// <summary><c>archive.too_large</c>: the files together exceed the total size limit.</summary>
    TooLarge,

    /// <summary><c>archive.file_too_large</c></summary>
    FileTooLarge,

    /// <summary><c>archive.compression_ratio</c>: expands like a decompression bomb.</summary>
    CompressionRatio,

    /// <summary><c>archive.truncated</c></summary>
    Truncated,

    /// <summary><c>archive.corrupt</c></summary>
    Corrupt,

    /// <summary><c>archive.empty</c>: no files (directories alone do not count).</summary>
    Empty,
}
