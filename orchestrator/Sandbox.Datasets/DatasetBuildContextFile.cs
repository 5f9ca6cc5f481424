namespace Sandbox.Datasets;

/// <summary>
/// Runs <see cref="DatasetBuildContextWriter"/> from a staged archive file to a build-context file, and deletes
/// the context file when the archive is refused or anything fails, so no partial context is ever left behind.
/// The context file must not exist yet.
/// </summary>
public static class DatasetBuildContextFile
{
    private const int BufferBytes = 64 * 1024;

    public static async Task<DatasetResult<DatasetManifest>> WriteAsync(
        DatasetBuildContextWriter writer,
        DatasetName name,
        DatasetVersion version,
        string archivePath,
        string buildContextPath,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await using var archive = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, FileOptions.Asynchronous);

        // CreateNew: a file that was there before is not ours to overwrite, nor to delete on failure.
        var context = new FileStream(buildContextPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes, FileOptions.Asynchronous);
        bool keep = false;
        try
        {
            DatasetResult<DatasetManifest> result = await writer.WriteAsync(name, version, archive, context, cancellationToken).ConfigureAwait(false);
            keep = result.IsSuccess;
            return result;
        }
        finally
        {
            await context.DisposeAsync().ConfigureAwait(false);
            if (!keep)
            {
                File.Delete(buildContextPath);
            }
        }
    }
}
