namespace Sandbox.Datasets;

/// <summary>
/// A refused dataset name, version or archive: an expected outcome, returned as a value.
/// </summary>
/// <param name="Code">What went wrong.</param>
/// <param name="Message">A sentence for people, naming the offending input.</param>
/// <param name="Entry">The archive entry's name exactly as the archive spelled it, when one entry is to blame.</param>
public sealed record DatasetError(DatasetErrorCode Code, string Message, string? Entry = null)
{
    /// <summary>The stable machine-readable reason, e.g. <c>archive.path_traversal</c>.</summary>
    public string Reason => ReasonOf(Code);

    /// <summary>The stable reason string of <paramref name="code"/>.</summary>
    public static string ReasonOf(DatasetErrorCode code) => code switch
    {
        DatasetErrorCode.InvalidName => "dataset.invalid_name",
        DatasetErrorCode.InvalidVersion => "dataset.invalid_version",
        DatasetErrorCode.NotAnArchive => "archive.not_an_archive",
        DatasetErrorCode.AbsolutePath => "archive.absolute_path",
        DatasetErrorCode.PathTraversal => "archive.path_traversal",
        DatasetErrorCode.Link => "archive.link",
        DatasetErrorCode.SpecialFile => "archive.special_file",
        DatasetErrorCode.UnsafeName => "archive.unsafe_name",
        DatasetErrorCode.DuplicateEntry => "archive.duplicate_entry",
        DatasetErrorCode.CaseConflict => "archive.case_conflict",
        DatasetErrorCode.NonUtf8Name => "archive.non_utf8_name",
        DatasetErrorCode.TooManyFiles => "archive.too_many_files",
        DatasetErrorCode.TooLarge => "archive.too_large",
        DatasetErrorCode.FileTooLarge => "archive.file_too_large",
        DatasetErrorCode.CompressionRatio => "archive.compression_ratio",
        DatasetErrorCode.Truncated => "archive.truncated",
        DatasetErrorCode.Corrupt => "archive.corrupt",
        DatasetErrorCode.Empty => "archive.empty",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };
}
