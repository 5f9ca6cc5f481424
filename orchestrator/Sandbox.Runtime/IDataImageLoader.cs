namespace Sandbox.Runtime;

/// <summary>
/// Hands a data image, made in-process and kept as an OCI image layout, to where sessions run: loaded from the layout,
/// or fetched by the runtime from a registry it was pushed to. Either way the runtime then mounts it by reference.
/// </summary>
public interface IDataImageLoader
{
    /// <summary>
    /// Loads <paramref name="image"/> into the runtime under the name <paramref name="reference"/> (a tag). Throws
    /// <see cref="RuntimeException"/> with reason <c>image_load_failed</c> when the runtime refuses it, or when what it
    /// holds afterwards is not this image.
    /// </summary>
    /// <returns>The runtime's id of the image: the config's digest.</returns>
    Task<string> LoadAsync(DataImageFiles image, string reference, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the runtime fetch <paramref name="reference"/> (<c>host/repository@sha256:...</c>) from its registry.
    /// Throws <see cref="RuntimeException"/> with reason <c>dataset_image_unavailable</c> when it cannot.
    /// </summary>
    /// <returns>The runtime's id of the image: the config's digest.</returns>
    Task<string> PullAsync(string reference, RegistryCredentials? credentials, CancellationToken cancellationToken);

    /// <summary>
    /// Streams <paramref name="reference"/> out of the runtime as a <c>docker save</c> archive (each layer a
    /// <c>layer.tar</c>), to make a layout for an image the runtime built before layouts existed. Throws
    /// <see cref="RuntimeException"/> with reason <c>dataset_image_missing</c> when the runtime has no such image.
    /// </summary>
    Task<Stream> ExportAsync(string reference, CancellationToken cancellationToken);
}
