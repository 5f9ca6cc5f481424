using System.Text;

namespace Sandbox.Datasets.Paths;

/// <summary>
/// The files and folders seen so far. Refuses a second entry for a path, names that would collide on a
/// case-insensitive or normalising file system (Windows, macOS), and a path used as both file and folder.
/// Memory grows with the number of distinct paths, which the file-count limit bounds.
/// </summary>
internal sealed class DatasetTree
{
    private readonly Dictionary<string, bool> _isDirectoryByPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pathByFoldedPath = new(StringComparer.Ordinal);

    public int DirectoryCount { get; private set; }

    /// <summary>
    /// Adds a file. On success, <paramref name="newDirectories"/> lists the folders it brought into being,
    /// outermost first, so they can be written before it.
    /// </summary>
    public DatasetError? AddFile(EntryPath path, string rawName, List<string> newDirectories)
    {
        DatasetError? ancestorError = AddAncestors(path, rawName, newDirectories);
        if (ancestorError is not null)
        {
            return ancestorError;
        }

        if (_isDirectoryByPath.TryGetValue(path.Value, out bool isDirectory))
        {
            return Refuse(DatasetErrorCode.DuplicateEntry, rawName,
                isDirectory ? $"names a file at '{path.Value}', which is already a folder" : $"repeats the file '{path.Value}'");
        }

        return Add(path.Value, isDirectory: false, rawName);
    }

    /// <summary>Adds a folder; naming one that exists is harmless and adds nothing.</summary>
    public DatasetError? AddDirectory(EntryPath path, string rawName, List<string> newDirectories)
    {
        DatasetError? ancestorError = AddAncestors(path, rawName, newDirectories);
        if (ancestorError is not null)
        {
            return ancestorError;
        }

        return AddDirectoryIfNew(path.Value, rawName, newDirectories);
    }

    private DatasetError? AddAncestors(EntryPath path, string rawName, List<string> newDirectories)
    {
        foreach (string ancestor in path.Ancestors())
        {
            DatasetError? error = AddDirectoryIfNew(ancestor, rawName, newDirectories);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private DatasetError? AddDirectoryIfNew(string directory, string rawName, List<string> newDirectories)
    {
        if (_isDirectoryByPath.TryGetValue(directory, out bool isDirectory))
        {
            return isDirectory ? null : Refuse(DatasetErrorCode.DuplicateEntry, rawName, $"needs '{directory}' to be a folder, but it is a file");
        }

        DatasetError? error = Add(directory, isDirectory: true, rawName);
        if (error is null)
        {
            DirectoryCount++;
            newDirectories.Add(directory);
        }

        return error;
    }

    private DatasetError? Add(string path, bool isDirectory, string rawName)
    {
        string folded = path.Normalize(NormalizationForm.FormC).ToUpperInvariant();
        if (_pathByFoldedPath.TryGetValue(folded, out string? existing))
        {
            return Refuse(DatasetErrorCode.CaseConflict, rawName,
                $"clashes with '{EntryNameDisplay.Quote(existing)}': the names differ only by case or Unicode normalisation");
        }

        _pathByFoldedPath.Add(folded, path);
        _isDirectoryByPath.Add(path, isDirectory);
        return null;
    }

    private static DatasetError Refuse(DatasetErrorCode code, string rawName, string because) =>
        new(code, $"Entry '{EntryNameDisplay.Quote(rawName)}' {because}.", rawName);
}
