using Sandbox.Runtime.Docker.Engine;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// Removes the never-started reader containers <see cref="DockerDataImageFiles"/> creates (found by its reader label) that
/// are older than a cutoff, with the volume holding their copy of the data. Younger ones may be serving a preview now.
/// </summary>
public sealed class DockerDataImageReaderCleanup : IDataImageReaderCleanup
{
    private readonly DockerEngineClient _engine;
    private readonly DockerDataImageFiles _files;

    internal DockerDataImageReaderCleanup(DockerEngineClient engine, DockerDataImageFiles files)
    {
        _engine = engine;
        _files = files;
    }

    /// <inheritdoc />
    public async Task<int> RemoveCreatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var readers = await _engine.ListContainersAsync(
            new Dictionary<string, string[]> { ["label"] = [_files.ReaderLabel + "=true"] }, cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var reader in readers.Where(r => DateTimeOffset.FromUnixTimeSeconds(r.Created) < cutoff))
        {
            try
            {
                await _engine.RemoveContainerAsync(reader.Id, removeAnonymousVolumes: true, cancellationToken).ConfigureAwait(false);
                removed++;
            }
            catch (DockerEngineException e) when (e.IsNotFound)
            {
                // Its own reader removed it meanwhile.
            }
        }

        return removed;
    }
}
