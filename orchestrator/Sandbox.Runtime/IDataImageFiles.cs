namespace Sandbox.Runtime;

/// <summary>
/// Reads files out of a data image built by <see cref="IDataImageBuilder"/> without running anything from it, so a
/// dataset can be previewed without launching a session.
/// </summary>
public interface IDataImageFiles
{
    /// <summary>
    /// Opens <paramref name="image"/> for reading (several files through one <see cref="IDataImageReader"/>). Throws
    /// <see cref="RuntimeException"/> with reason <c>dataset_image_missing</c> when the image is not on the runtime.
    /// </summary>
    Task<IDataImageReader> OpenImageAsync(string image, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the one regular file at the absolute <paramref name="path"/> inside <paramref name="image"/>; disposing
    /// the stream releases the reader behind it. Null when there is no regular file at that path. Throws like
    /// <see cref="OpenImageAsync"/>.
    /// </summary>
    Task<Stream?> OpenAsync(string image, string path, CancellationToken cancellationToken);
}
