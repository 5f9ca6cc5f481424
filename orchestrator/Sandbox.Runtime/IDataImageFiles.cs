namespace Sandbox.Runtime;

/// <summary>
/// Reads single files out of a data image built by <see cref="IDataImageBuilder"/> without running anything from it,
/// so a dataset can be previewed without launching a session.
/// </summary>
public interface IDataImageFiles
{
    /// <summary>
    /// Opens the regular file at the absolute <paramref name="path"/> inside <paramref name="image"/> as a forward-only
    /// stream that reads no further than the caller does. Disposing the stream releases everything the runtime made
    /// to read it. Returns null when the image has no regular file at that path. Throws <see cref="RuntimeException"/>
    /// with reason <c>dataset_image_missing</c> when the image is not on the runtime.
    /// </summary>
    Task<Stream?> OpenAsync(string image, string path, CancellationToken cancellationToken);
}
