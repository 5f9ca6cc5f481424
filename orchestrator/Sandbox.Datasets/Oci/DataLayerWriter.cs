using System.Buffers;
using System.Security.Cryptography;
using Sandbox.Datasets.Context;

namespace Sandbox.Datasets.Oci;

/// <summary>
/// Writes the data image's one layer as an uncompressed tar: <c>data/</c>, <c>data/&lt;name&gt;/</c>, then every folder and
/// file of the dataset below it, sorted by path (ordinal, a folder before what it holds), each owned by 0:0 with the
/// build context's fixed modes and time. The same files therefore always give the same bytes, whatever the archive's
/// order or format. Contents are copied from the staged build context and checked against the manifest's SHA-256.
/// </summary>
internal static class DataLayerWriter
{
    /// <summary>The folder every dataset lives under, in the layer and in a session.</summary>
    public const string Root = "data/";

    private const int CopyBufferBytes = 256 * 1024;

    public static async Task WriteAsync(
        DatasetManifest manifest, Stream stagedContext, IReadOnlyDictionary<string, long> offsets, Stream layerTar, CancellationToken cancellationToken)
    {
        var tar = new BuildContextTarWriter(layerTar);
        string datasetRoot = Root + manifest.Name + "/";
        await tar.WriteDirectoryAsync(Root, cancellationToken).ConfigureAwait(false);
        await tar.WriteDirectoryAsync(datasetRoot, cancellationToken).ConfigureAwait(false);

        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            foreach (LayerEntry entry in Entries(manifest.Files))
            {
                if (entry.File is null)
                {
                    await tar.WriteDirectoryAsync(datasetRoot + entry.Path, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!offsets.TryGetValue(entry.File.Path, out long offset))
                {
                    throw new InvalidDataException($"The staged build context has no file '{entry.File.Path}'.");
                }

                await tar.BeginFileAsync(datasetRoot + entry.Path, entry.File.Size, cancellationToken).ConfigureAwait(false);
                await CopyCheckedAsync(stagedContext, offset, entry.File, tar, buffer, cancellationToken).ConfigureAwait(false);
                await tar.EndFileAsync(entry.File.Size, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await tar.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every folder (with a trailing '/') and file below the dataset's root, in the layer's order.</summary>
    internal static List<LayerEntry> Entries(IReadOnlyList<DatasetFile> files)
    {
        var entries = new List<LayerEntry>(files.Count * 2);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (DatasetFile file in files)
        {
            for (int slash = file.Path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = file.Path.IndexOf('/', slash + 1))
            {
                string folder = file.Path[..(slash + 1)];
                if (folders.Add(folder))
                {
                    entries.Add(new LayerEntry(folder, null));
                }
            }

            entries.Add(new LayerEntry(file.Path, file));
        }

        // A folder's path is a prefix of everything inside it, so ordinal order puts it first.
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    private static async Task CopyCheckedAsync(
        Stream staged, long offset, DatasetFile file, BuildContextTarWriter tar, byte[] buffer, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        staged.Position = offset;
        long remaining = file.Size;
        while (remaining > 0)
        {
            int read = await staged.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidDataException($"The staged build context ends inside '{file.Path}'.");
            }

            hash.AppendData(buffer, 0, read);
            await tar.WriteContentAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            remaining -= read;
        }

        // The staged file was written by this process, but it sat on disk: what goes into the image is what was validated.
        if (Convert.ToHexStringLower(hash.GetHashAndReset()) != file.Sha256)
        {
            throw new InvalidDataException($"The staged content of '{file.Path}' no longer matches its manifest digest.");
        }
    }

    /// <summary>A folder (<see cref="File"/> null, path ending in '/') or a file, relative to the dataset's root.</summary>
    internal sealed record LayerEntry(string Path, DatasetFile? File);
}
