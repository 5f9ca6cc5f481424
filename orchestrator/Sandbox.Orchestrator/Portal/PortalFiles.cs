using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Sandbox.Orchestrator.Portal;

/// <summary>
/// The portal's built files in one folder: looks a request path up (never outside the folder, never a dot file), and
/// picks the pre-compressed variant (<c>.br</c>, then <c>.gz</c>, written by the portal's build) the client accepts.
/// </summary>
internal sealed class PortalFiles
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private static readonly (string Encoding, string Suffix)[] Encodings = [("br", ".br"), ("gzip", ".gz")];

    public PortalFiles(string root)
    {
        Root = root;
    }

    /// <summary>The folder served.</summary>
    public string Root { get; }

    public string IndexPath => Path.Combine(Root, "index.html");

    /// <summary>Whether the portal has been built into <see cref="Root"/>.</summary>
    public bool IsBuilt => File.Exists(IndexPath);

    /// <summary>
    /// The file at <paramref name="relativePath"/> (no leading slash), as the best variant the client accepts; null when
    /// there is no such file.
    /// </summary>
    public PortalFile? Find(string relativePath, IList<StringWithQualityHeaderValue> acceptEncoding)
    {
        if (!Directory.Exists(Root))
        {
            return null;
        }

        // The provider refuses paths leading outside the root, and (by default) hidden and dot files.
        using var provider = new PhysicalFileProvider(Root);
        var file = provider.GetFileInfo(relativePath);
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null)
        {
            return null;
        }

        var contentType = ContentTypes.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream";
        if (contentType.StartsWith("text/", StringComparison.Ordinal) && !contentType.Contains("charset", StringComparison.Ordinal))
        {
            contentType += "; charset=utf-8";
        }

        foreach (var (encoding, suffix) in Encodings)
        {
            var variant = new FileInfo(file.PhysicalPath + suffix);
            if (Accepts(acceptEncoding, encoding) && variant.Exists)
            {
                return new PortalFile(variant.FullName, contentType, encoding, variant.Length, variant.LastWriteTimeUtc);
            }
        }

        return new PortalFile(file.PhysicalPath, contentType, null, file.Length, file.LastModified);
    }

    /// <summary>Whether a compressed variant of <paramref name="relativePath"/> exists (the answer then varies by Accept-Encoding).</summary>
    public bool HasCompressedVariant(string relativePath) =>
        Encodings.Any(e => File.Exists(Path.Combine(Root, relativePath + e.Suffix)));

    private static bool Accepts(IList<StringWithQualityHeaderValue> acceptEncoding, string encoding) =>
        acceptEncoding.Any(a => (a.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) || a.Value.Equals("*", StringComparison.Ordinal))
                                && (a.Quality is null || a.Quality > 0));
}
