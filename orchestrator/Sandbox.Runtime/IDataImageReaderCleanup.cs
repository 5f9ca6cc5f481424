namespace Sandbox.Runtime;

/// <summary>
/// Finds what <see cref="IDataImageFiles"/> made to read images and did not release: a reader is released when it is
/// disposed, so only a crash (or a runtime that refused the removal) leaves one behind.
/// </summary>
public interface IDataImageReaderCleanup
{
    /// <summary>Removes every reader the runtime holds that was created before <paramref name="cutoff"/>; returns how many it removed.</summary>
    Task<int> RemoveCreatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
