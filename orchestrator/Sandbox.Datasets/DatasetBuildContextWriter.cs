using Sandbox.Datasets.Archives;
using Sandbox.Datasets.Context;

namespace Sandbox.Datasets;

/// <summary>
/// Turns an uploaded dataset archive (<c>.tar.gz</c> or <c>.zip</c>) into staged files (once the build context of an
/// engine build, hence the name), validating every entry and limit while it streams; the data image is then made from
/// them in-process (<see cref="Oci.DataImageLayoutWriter"/>).
/// </summary>
/// <remarks>
/// The staged files are an uncompressed tar holding <c>files/</c> (the dataset, every entry owned by 0:0, files 0644,
/// folders 0755, one fixed timestamp). Entries keep the archive's order, with folders written before their first file
/// whether or not the archive lists them, so the same archive always gives the same bytes, and so do a tar.gz and a zip
/// listing the same files in the same order. (The image does not depend on that order at all: its layer is written in
/// sorted order.)
/// </remarks>
public sealed class DatasetBuildContextWriter
{
    private readonly DatasetArchiveLimits _limits;

    public DatasetBuildContextWriter(DatasetArchiveLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        IReadOnlyList<string> problems = limits.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(limits));
        }

        _limits = limits;
    }

    /// <summary>
    /// Reads <paramref name="archive"/> and writes the build context to <paramref name="buildContext"/>.
    /// </summary>
    /// <param name="archive">
    /// The staged upload: readable and seekable, holding the archive alone from offset 0 (zip offsets are absolute).
    /// It is read from offset 0 and not disposed.
    /// </param>
    /// <param name="buildContext">
    /// Where the tar goes, written from its current position and neither flushed to disk nor disposed: the
    /// caller owns it. On a refusal it holds a partial context that must be thrown away (delete the file);
    /// <see cref="DatasetBuildContextFile"/> does that for files.
    /// </param>
    /// <returns>The manifest, or the first refusal met (reason and offending entry).</returns>
    public async Task<DatasetResult<DatasetManifest>> WriteAsync(
        DatasetName name, DatasetVersion version, Stream archive, Stream buildContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(buildContext);
        if (!archive.CanRead || !archive.CanSeek)
        {
            throw new ArgumentException("The archive must be readable and seekable (stage the upload to a file first).", nameof(archive));
        }

        archive.Position = 0;
        DatasetResult<ArchiveFormat> format = await ArchiveFormatDetector.DetectAsync(archive, cancellationToken).ConfigureAwait(false);
        if (!format.IsSuccess)
        {
            return DatasetResult.Failure<DatasetManifest>(format.Error);
        }

        try
        {
            var conversion = new BuildContextConversion(_limits, name, version, buildContext);
            DatasetManifest manifest = await conversion.RunAsync(archive, format.Value, cancellationToken).ConfigureAwait(false);
            return DatasetResult.Success(manifest);
        }
        catch (ArchiveRefusedException refused)
        {
            return DatasetResult.Failure<DatasetManifest>(refused.Error);
        }
    }
}
