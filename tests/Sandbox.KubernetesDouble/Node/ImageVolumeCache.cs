using System.Collections.Concurrent;
using System.Formats.Tar;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Sandbox.KubernetesDouble.Node;

/// <summary>
/// The files of images mounted as <c>image</c> volumes, materialised once per image id under the node's folder: a
/// never-started container of the image is exported (<c>GET /containers/{id}/archive?path=/</c>) and untarred, then bind-mounted
/// read-only (Engine 20.10 has no image mounts).
/// </summary>
internal sealed class ImageVolumeCache(IDockerClient docker, string folder, IReadOnlyDictionary<string, string> labels)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _byImageId = new();

    /// <summary>The folder holding <paramref name="image"/>'s files (the image must be on the engine).</summary>
    public async Task<string> FolderOfAsync(string image, CancellationToken cancellationToken)
    {
        var inspect = await docker.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
        var id = inspect.ID.Replace("sha256:", "", StringComparison.Ordinal);
        var lazy = _byImageId.GetOrAdd(id, _ => new Lazy<Task<string>>(() => MaterialiseAsync(id)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _byImageId.TryRemove(id, out _);
            throw;
        }
    }

    private async Task<string> MaterialiseAsync(string imageId)
    {
        var target = Path.Combine(folder, "images", imageId);
        if (Directory.Exists(target))
        {
            return target;
        }

        var staging = target + ".partial-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = "sha256:" + imageId,

            // Never started: a data image has no command, and the engine wants one to create a container.
            Cmd = ["/never-started"],
            Labels = labels.ToDictionary(l => l.Key, l => l.Value),
        }).ConfigureAwait(false);
        try
        {
            var archive = await docker.Containers.GetArchiveFromContainerAsync(created.ID, new ContainerPathStatParameters { Path = "/" }, false).ConfigureAwait(false);
            await using (archive.Stream!.ConfigureAwait(false))
            {
                await ExtractAsync(archive.Stream!, staging).ConfigureAwait(false);
            }
        }
        finally
        {
            await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }).ConfigureAwait(false);
        }

        try
        {
            Directory.Move(staging, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            Directory.Delete(staging, recursive: true);
        }

        return target;
    }

    /// <summary>Directories, regular files and relative symbolic links, each kept inside <paramref name="destination"/>; nothing else.</summary>
    private static async Task ExtractAsync(Stream tar, string destination)
    {
        var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync().ConfigureAwait(false) is { } entry)
        {
            var relative = entry.Name.TrimStart('/');

            // The archive of "/" names its entries under the root folder's name.
            var path = Path.GetFullPath(Path.Combine(destination, relative));
            if (!path.StartsWith(root, StringComparison.Ordinal) && path + Path.DirectorySeparatorChar != root)
            {
                continue;
            }

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(path);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await entry.ExtractToFileAsync(path, overwrite: true).ConfigureAwait(false);
                    break;
                case TarEntryType.SymbolicLink when !Path.IsPathRooted(entry.LinkName):
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.CreateSymbolicLink(path, entry.LinkName);
                    break;
                default:
                    break;
            }
        }
    }
}
