namespace Sandbox.Runtime;

/// <summary>
/// An open view of one data image's files (see <see cref="IDataImageFiles.OpenImageAsync"/>). Reading several files
/// through one reader costs the runtime one set-up instead of one per file. Disposing it releases everything the
/// runtime made; streams it opened must be disposed first.
/// </summary>
public interface IDataImageReader : IAsyncDisposable
{
    /// <summary>
    /// Opens the regular file at the absolute <paramref name="path"/> as a forward-only stream that reads no further
    /// than the caller does; null when there is no regular file at that path.
    /// </summary>
    Task<Stream?> OpenFileAsync(string path, CancellationToken cancellationToken);
}
