using System.Formats.Tar;
using System.Text.Json;

namespace Sandbox.Runtime.Docker.Images;

/// <summary>
/// Streams an image from its OCI layout as the archive <c>POST /images/load</c> takes. Engine 20.10 reads only the
/// <c>docker save</c> format (a <c>manifest.json</c> naming the config and the layers by path); it does not read
/// <c>index.json</c>. The blobs keep their layout paths; layers stay gzip-compressed (the engine decompresses what it
/// loads), so nothing is rewritten on the way.
/// </summary>
internal static class DockerArchiveWriter
{
    public static async Task WriteAsync(DataImageFiles image, string reference, Stream output, CancellationToken cancellationToken)
    {
        var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await using (tar.ConfigureAwait(false))
        {
            var manifest = JsonSerializer.SerializeToUtf8Bytes(new[]
            {
                new DockerSaveManifest(DataImageFiles.BlobPath(image.ConfigDigest), [reference], image.LayerDigests.Select(DataImageFiles.BlobPath).ToArray()),
            });
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream(manifest) };
            await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            foreach (var digest in image.LayerDigests.Prepend(image.ConfigDigest))
            {
                var path = DataImageFiles.BlobPath(digest);
                await tar.WriteEntryAsync(Path.Combine(image.LayoutFolder, path), path, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // The field names are the format's own.
    private sealed record DockerSaveManifest(
        [property: System.Text.Json.Serialization.JsonPropertyName("Config")] string Config,
        [property: System.Text.Json.Serialization.JsonPropertyName("RepoTags")] string[] RepoTags,
        [property: System.Text.Json.Serialization.JsonPropertyName("Layers")] string[] Layers);
}
