namespace Sandbox.Runtime;

/// <summary>
/// Takes a data image off where sessions run once its dataset version is withdrawn and no session mounts it: the
/// image's reference, and what the runtime made from it to mount it (on Docker, the installation's data containers
/// and their volumes). The inverse of <see cref="IDataImageLoader"/>. Only this installation's things are touched.
/// </summary>
public interface IDataImageRemover
{
    /// <summary>
    /// Removes the reference <paramref name="image"/> (as the catalog records it) and what this installation's runtime
    /// made from it. The image's content goes only when no other reference (another installation's, or another tag)
    /// still names it. Gone already is success. Throws <see cref="RuntimeException"/> with reason <c>image_in_use</c>
    /// when something still runs from it.
    /// </summary>
    Task RemoveAsync(string image, CancellationToken cancellationToken);
}
