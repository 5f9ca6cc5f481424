using System.IO.Compression;

namespace Sandbox.Datasets.Oci;

/// <summary>
/// Makes a dataset's data image in-process, as an OCI image layout, from the build context
/// <see cref="DatasetBuildContextWriter"/> staged: no Dockerfile and no engine. The layer streams from the staged
/// file through gzip to disk, its digests taken as it is written; nothing holds the dataset in memory.
/// </summary>
/// <param name="compression">
/// The layer's gzip level. Part of the image's identity: another level gives other bytes and another digest.
/// <see cref="CompressionLevel.Fastest"/> by default: datasets are published often and read over a local network.
/// </param>
public sealed class DataImageLayoutWriter(CompressionLevel compression = CompressionLevel.Fastest)
{
    private const int FileBufferBytes = 1024 * 1024;

    /// <summary>
    /// Writes the layout into <paramref name="layoutFolder"/>, which must not exist; on any failure the folder is
    /// removed again, so a layout that exists is complete.
    /// </summary>
    /// <param name="manifest">The manifest the staging returned, whose files the staged context holds.</param>
    /// <param name="description">Title, source and licence for the labels.</param>
    /// <param name="stagedContextPath">The staged build context.</param>
    /// <param name="layoutFolder">Where the layout goes.</param>
    /// <param name="cancellationToken">Stops the writing (and removes the folder).</param>
    public async Task<DataImageLayout> WriteAsync(
        DatasetManifest manifest, DataImageDescription description, string stagedContextPath, string layoutFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(description);
        if (Directory.Exists(layoutFolder) || File.Exists(layoutFolder))
        {
            throw new IOException($"The layout folder {layoutFolder} exists already.");
        }

        Directory.CreateDirectory(Path.Combine(layoutFolder, "blobs", "sha256"));
        try
        {
            // 1. The layer, from the staged files, to a temporary name until its digest is known.
            string layerTemp = Path.Combine(layoutFolder, "layer.tmp");
            (OciDescriptor layer, string diffId) = await WriteLayerAsync(manifest, stagedContextPath, layerTemp, cancellationToken).ConfigureAwait(false);
            File.Move(layerTemp, Path.Combine(layoutFolder, layer.LayoutPath));

            // 2. Config and manifest, which name the layer by its digests.
            SortedDictionary<string, string> labels = DataImageLabels.For(manifest, description);
            byte[] configJson = OciImageJson.Config(labels, "/" + DataLayerWriter.Root + manifest.Name, diffId);
            OciDescriptor config = await WriteBlobAsync(layoutFolder, OciMediaTypes.Config, configJson, cancellationToken).ConfigureAwait(false);
            byte[] manifestJson = OciImageJson.Manifest(config, layer, labels);
            OciDescriptor image = await WriteBlobAsync(layoutFolder, OciMediaTypes.Manifest, manifestJson, cancellationToken).ConfigureAwait(false);

            // 3. The entry points, last: a layout with an index.json is complete.
            await File.WriteAllBytesAsync(Path.Combine(layoutFolder, "oci-layout"), OciImageJson.Layout(), cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(layoutFolder, "index.json"), OciImageJson.Index(image, manifest.Version), cancellationToken).ConfigureAwait(false);
            return new DataImageLayout(layoutFolder, image, config, layer, diffId);
        }
        catch
        {
            TryDelete(layoutFolder);
            throw;
        }
    }

    private async Task<(OciDescriptor Layer, string DiffId)> WriteLayerAsync(
        DatasetManifest manifest, string stagedContextPath, string layerPath, CancellationToken cancellationToken)
    {
        await using var staged = new FileStream(stagedContextPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferBytes, FileOptions.Asynchronous);
        Dictionary<string, long> offsets = await StagedFileIndex.ReadAsync(staged, cancellationToken).ConfigureAwait(false);

        await using var file = new FileStream(layerPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileBufferBytes, FileOptions.Asynchronous);
        await using var compressed = new DigestingWriteStream(file);
        await using var gzip = new FixedHeaderGzipStream(compressed, compression);
        await using var uncompressed = new DigestingWriteStream(gzip);
        await DataLayerWriter.WriteAsync(manifest, staged, offsets, uncompressed, cancellationToken).ConfigureAwait(false);
        await gzip.FinishAsync(cancellationToken).ConfigureAwait(false);
        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        return (new OciDescriptor(OciMediaTypes.LayerTarGzip, compressed.Digest, compressed.BytesWritten), uncompressed.Digest);
    }

    private static async Task<OciDescriptor> WriteBlobAsync(string layoutFolder, string mediaType, byte[] content, CancellationToken cancellationToken)
    {
        var descriptor = new OciDescriptor(mediaType, "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), content.Length);
        await File.WriteAllBytesAsync(Path.Combine(layoutFolder, descriptor.LayoutPath), content, cancellationToken).ConfigureAwait(false);
        return descriptor;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the caller's staging sweep removes what is left.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
