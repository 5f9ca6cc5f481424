namespace Sandbox.Datasets.Archives;

/// <summary>One entry of an archive, before it is judged.</summary>
/// <param name="RawName">The name exactly as decoded from the archive.</param>
/// <param name="Kind">What the entry is.</param>
/// <param name="Size">Declared content length in bytes (files only).</param>
/// <param name="Description">For links and special files, what they are ("symbolic link to '/etc'"), for messages.</param>
internal sealed record ArchiveEntry(string RawName, ArchiveEntryKind Kind, long Size, string? Description = null);
