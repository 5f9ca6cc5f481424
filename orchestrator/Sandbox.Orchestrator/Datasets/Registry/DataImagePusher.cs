using Sandbox.Datasets.Oci;

namespace Sandbox.Orchestrator.Datasets.Registry;

/// <summary>
/// Pushes a data image from its layout to the configured registry: every blob first (skipping those the registry
/// has), the manifest last, by its digest and under no tag. A push that fails part-way leaves only blobs that nothing
/// names (the registry's garbage collection takes them), never a manifest whose blobs are missing.
/// </summary>
internal sealed class DataImagePusher(OciRegistryClient client, RegistryOptions options)
{
    /// <summary>The registry repository of a dataset: <c>{Repository}/{name}</c>.</summary>
    public string RepositoryFor(string datasetName) => $"{options.Repository}/{datasetName}";

    /// <summary>How long the check before an upload waits for the registry's answer.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Whether the registry answers and takes the configured credentials (GET <c>/v2/</c>, <see cref="CheckTimeout"/>).</summary>
    public Task<RegistryFailure?> CheckAsync(CancellationToken cancellationToken) => client.CheckAsync(CheckTimeout, cancellationToken);

    /// <summary>
    /// Undoes a push whose image cannot be used after all (the engine could not pull it): removes the manifest, so the
    /// registry names no image for a failed version. Its blobs stay for the registry's garbage collection.
    /// </summary>
    public Task<RegistryFailure?> RemoveAsync(DataImageLayout layout, string datasetName, CancellationToken cancellationToken) =>
        client.DeleteManifestAsync(RepositoryFor(datasetName), layout.Manifest.Digest, cancellationToken);

    /// <summary>The image reference sessions use: the repository and the manifest's digest, which cannot be re-pointed.</summary>
    public string ImageReference(DataImageLayout layout, string datasetName) => $"{options.Host}/{RepositoryFor(datasetName)}@{layout.Manifest.Digest}";

    public async Task<RegistryFailure?> PushAsync(DataImageLayout layout, string datasetName, CancellationToken cancellationToken) =>
        await PushBlobsAsync(layout, datasetName, cancellationToken).ConfigureAwait(false)
        ?? await PushManifestAsync(layout, datasetName, cancellationToken).ConfigureAwait(false);

    /// <summary>The layer and the config, each unless the registry has it already.</summary>
    internal async Task<RegistryFailure?> PushBlobsAsync(DataImageLayout layout, string datasetName, CancellationToken cancellationToken)
    {
        var repository = RepositoryFor(datasetName);
        foreach (var blob in new[] { layout.Layer, layout.Config })
        {
            var (exists, failure) = await client.BlobExistsAsync(repository, blob.Digest, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }

            if (exists)
            {
                continue;
            }

            await using var content = new FileStream(layout.BlobPath(blob), FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024, FileOptions.Asynchronous);
            if (await client.UploadBlobAsync(repository, blob, content, cancellationToken).ConfigureAwait(false) is { } uploadFailure)
            {
                return uploadFailure;
            }
        }

        return null;
    }

    /// <summary>The manifest, by digest; the registry refuses it if a blob it names is missing.</summary>
    internal async Task<RegistryFailure?> PushManifestAsync(DataImageLayout layout, string datasetName, CancellationToken cancellationToken)
    {
        var manifest = await File.ReadAllBytesAsync(layout.BlobPath(layout.Manifest), cancellationToken).ConfigureAwait(false);
        return await client.PutManifestAsync(RepositoryFor(datasetName), layout.Manifest, manifest, cancellationToken).ConfigureAwait(false);
    }
}
