namespace Sandbox.Runtime;

/// <summary>
/// Turns a dataset's files into a data-only image that <see cref="ISessionRuntime"/> can mount read-only.
/// </summary>
public interface IDataImageBuilder
{
    /// <summary>
    /// Builds <paramref name="image"/> from a build context: a tar stream holding a <c>Dockerfile</c> and the
    /// files it copies. Reports the builder's output lines. Throws <see cref="RuntimeException"/> with reason
    /// <c>build_failed</c> when the build fails; nothing is left behind then.
    /// </summary>
    /// <returns>The built image's id (a content digest such as <c>sha256:...</c>).</returns>
    Task<string> BuildAsync(string image, Stream buildContextTar, IReadOnlyDictionary<string, string> labels, IProgress<string> output, CancellationToken cancellationToken);

    /// <summary>Removes an image and anything the runtime made from it to mount it. Gone already is success.</summary>
    Task RemoveAsync(string image, CancellationToken cancellationToken);
}
