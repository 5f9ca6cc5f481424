using System.Security.Cryptography;
using System.Text.Json;

namespace Sandbox.Datasets.Oci;

/// <summary>
/// A data image kept as an OCI image layout: a folder with <c>oci-layout</c>, <c>index.json</c> naming one manifest,
/// and <c>blobs/sha256/</c> holding the manifest, the config and the one gzip layer.
/// </summary>
/// <param name="Folder">The layout's folder.</param>
/// <param name="Manifest">The manifest's descriptor: its digest is the image's digest in a registry (<c>repo@sha256:...</c>).</param>
/// <param name="Config">The config's descriptor: its digest is the image id an engine reports.</param>
/// <param name="Layer">The gzip layer's descriptor.</param>
/// <param name="DiffId">The digest of the layer's uncompressed tar (the config's <c>rootfs.diff_ids</c>).</param>
public sealed record DataImageLayout(string Folder, OciDescriptor Manifest, OciDescriptor Config, OciDescriptor Layer, string DiffId)
{
    /// <summary>The path of a blob of this layout on disk.</summary>
    public string BlobPath(OciDescriptor blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return Path.Combine(Folder, blob.LayoutPath);
    }

    /// <summary>
    /// Reads the layout written by <see cref="DataImageLayoutWriter"/> in <paramref name="folder"/>, checking the
    /// manifest's and the config's digests. Null when the folder holds no complete layout.
    /// </summary>
    public static async Task<DataImageLayout?> OpenAsync(string folder, CancellationToken cancellationToken)
    {
        string indexPath = Path.Combine(folder, "index.json");
        if (!File.Exists(indexPath) || !File.Exists(Path.Combine(folder, "oci-layout")))
        {
            return null;
        }

        try
        {
            using JsonDocument index = JsonDocument.Parse(await File.ReadAllBytesAsync(indexPath, cancellationToken).ConfigureAwait(false));
            OciDescriptor manifest = Descriptor(index.RootElement.GetProperty("manifests")[0]);
            byte[] manifestBytes = await ReadBlobAsync(folder, manifest, cancellationToken).ConfigureAwait(false);
            using JsonDocument manifestJson = JsonDocument.Parse(manifestBytes);
            OciDescriptor config = Descriptor(manifestJson.RootElement.GetProperty("config"));
            OciDescriptor layer = Descriptor(manifestJson.RootElement.GetProperty("layers")[0]);
            using JsonDocument configJson = JsonDocument.Parse(await ReadBlobAsync(folder, config, cancellationToken).ConfigureAwait(false));
            string diffId = configJson.RootElement.GetProperty("rootfs").GetProperty("diff_ids")[0].GetString()!;
            if (!File.Exists(Path.Combine(folder, layer.LayoutPath)))
            {
                return null;
            }

            return new DataImageLayout(folder, manifest, config, layer, diffId);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or IndexOutOfRangeException or InvalidOperationException or FileNotFoundException or InvalidDataException)
        {
            return null;
        }
    }

    private static OciDescriptor Descriptor(JsonElement element) => new(
        element.GetProperty("mediaType").GetString()!, element.GetProperty("digest").GetString()!, element.GetProperty("size").GetInt64());

    private static async Task<byte[]> ReadBlobAsync(string folder, OciDescriptor blob, CancellationToken cancellationToken)
    {
        byte[] bytes = await File.ReadAllBytesAsync(Path.Combine(folder, blob.LayoutPath), cancellationToken).ConfigureAwait(false);
        if (bytes.Length != blob.Size || "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)) != blob.Digest)
        {
            throw new InvalidDataException($"The blob {blob.Digest} of the layout in {folder} does not match its descriptor.");
        }

        return bytes;
    }
}
