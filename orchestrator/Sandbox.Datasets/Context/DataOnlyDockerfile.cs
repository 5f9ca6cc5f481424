namespace Sandbox.Datasets.Context;

/// <summary>
/// The Dockerfile of a data-only image: the files under <c>/data/&lt;name&gt;</c> in an otherwise empty image,
/// declared a volume so a session mounts them with <c>--volumes-from ...:ro</c>, and a placeholder command
/// because the engine will not create a container from an image without one (it is never run).
/// </summary>
internal static class DataOnlyDockerfile
{
    /// <summary>Label carrying <see cref="DatasetManifest.ContentDigest"/>.</summary>
    public const string ContentDigestLabel = "org.sandbox.dataset.content-digest";

    // Name and version are validated to a narrow alphabet and the digest is hex, so nothing here needs quoting
    // beyond the double quotes around label values.
    public static string Render(DatasetName name, DatasetVersion version, string contentDigest) =>
        $"""
        FROM scratch
        COPY files/ /data/{name.Value}/
        VOLUME /data/{name.Value}
        LABEL org.opencontainers.image.title="{name.Value}" org.opencontainers.image.version="{version.Value}" {ContentDigestLabel}="{contentDigest}"
        CMD ["/none"]

        """.ReplaceLineEndings("\n");
}
