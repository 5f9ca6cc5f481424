using System.Formats.Tar;

namespace Sandbox.Datasets.Oci;

/// <summary>
/// Where each dataset file's content starts in a staged build context (<see cref="DatasetBuildContextWriter"/>'s
/// tar, in the archive's order), so the layer can copy the files in sorted order straight from it by seeking,
/// without unpacking them anywhere.
/// </summary>
internal static class StagedFileIndex
{
    private const string FilesFolder = "files/";

    /// <summary>Offsets of the files' contents, by dataset path.</summary>
    /// <param name="stagedContext">The staged tar: readable and seekable. Its position is left anywhere.</param>
    public static async Task<Dictionary<string, long>> ReadAsync(Stream stagedContext, CancellationToken cancellationToken)
    {
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        stagedContext.Position = 0;
        var reader = new TarReader(stagedContext, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is TarEntry entry)
            {
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile
                    && entry.Name.StartsWith(FilesFolder, StringComparison.Ordinal))
                {
                    offsets[entry.Name[FilesFolder.Length..]] = entry.DataOffset;
                }
            }
        }

        return offsets;
    }
}
