using System.Text;

namespace Sandbox.Datasets.Paths;

/// <summary>
/// Turns an archive entry's raw name into a safe relative <see cref="EntryPath"/>, or says why it cannot be one.
/// Backslashes count as separators, because some zip tools write them and Windows would honour them.
/// </summary>
internal static class EntryPathParser
{
    /// <summary>
    /// Parses <paramref name="rawName"/>. Success with no segments means the archive's root itself (<c>./</c>),
    /// which a directory entry may name and a file may not.
    /// </summary>
    public static DatasetResult<EntryPath> Parse(string rawName, DatasetArchiveLimits limits)
    {
        // 1. Bytes that were not UTF-8 were decoded to U+FFFD by the archive readers.
        if (rawName.Contains('\uFFFD', StringComparison.Ordinal))
        {
            return Refuse(DatasetErrorCode.NonUtf8Name, rawName, "is not valid UTF-8");
        }

        // 2. Absolute: rooted in '/', a UNC share or a drive letter.
        string slashed = rawName.Replace('\\', '/');
        if (slashed.StartsWith('/') || (slashed.Length >= 2 && char.IsAsciiLetter(slashed[0]) && slashed[1] == ':'))
        {
            return Refuse(DatasetErrorCode.AbsolutePath, rawName, "is an absolute path");
        }

        // 3. Segments: empty and '.' ones mean nothing ("./a", "a//b"); '..' is refused even when it would stay
        //    inside, since no honest dataset needs it.
        var segments = new List<string>();
        foreach (string segment in slashed.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                return Refuse(DatasetErrorCode.PathTraversal, rawName, "has a '..' segment");
            }

            string? unsafeBecause = PortableSegmentRules.WhyUnsafe(segment);
            if (unsafeBecause is not null)
            {
                return Refuse(DatasetErrorCode.UnsafeName, rawName, unsafeBecause);
            }

            segments.Add(segment);
        }

        // 4. Size of the whole path.
        var path = new EntryPath(segments);
        if (segments.Count > limits.MaxDepth)
        {
            return Refuse(DatasetErrorCode.UnsafeName, rawName, $"is {segments.Count} levels deep, more than the limit of {limits.MaxDepth}");
        }

        int length = Encoding.UTF8.GetByteCount(path.Value);
        if (length > limits.MaxPathLength)
        {
            return Refuse(DatasetErrorCode.UnsafeName, rawName, $"is {length} bytes long, more than the limit of {limits.MaxPathLength}");
        }

        return DatasetResult.Success(path);
    }

    private static DatasetResult<EntryPath> Refuse(DatasetErrorCode code, string rawName, string because) =>
        DatasetResult.Failure<EntryPath>(new DatasetError(code, $"Entry '{EntryNameDisplay.Quote(rawName)}' {because}.", rawName));
}
