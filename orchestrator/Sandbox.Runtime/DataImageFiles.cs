namespace Sandbox.Runtime;

/// <summary>An image in an OCI image layout on this machine, as <see cref="IDataImageLoader"/> reads it.</summary>
/// <param name="LayoutFolder">The layout's folder.</param>
/// <param name="ConfigDigest">The config blob's digest (<c>sha256:...</c>): the id the runtime will give the image.</param>
/// <param name="LayerDigests">The layers' digests, base first.</param>
public sealed record DataImageFiles(string LayoutFolder, string ConfigDigest, IReadOnlyList<string> LayerDigests)
{
    /// <summary>The layout-relative path of a blob: <c>blobs/sha256/&lt;hex&gt;</c>.</summary>
    public static string BlobPath(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return "blobs/" + digest.Replace(':', '/');
    }
}
