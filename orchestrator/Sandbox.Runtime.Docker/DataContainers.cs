using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.Runtime.Docker.Client;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// The never-started containers that hold dataset images' volumes. A session mounts a dataset with
/// <c>VolumesFrom ["&lt;data container&gt;:ro"]</c>: the engine copied the image's files into the data
/// container's volume once, and every session shares that copy read-only.
/// </summary>
internal sealed class DataContainers(DockerEngineConnection connection, DockerRuntimeOptions options, RuntimeInstallation installation)
{
    // Enough of the image id to never collide in practice, short enough to read.
    private const int ImageIdCharsInName = 20;

    private DockerNames? _names;

    // Read when first needed: the installation is known only once the store has been read at start.
    private DockerNames Names => _names ??= new DockerNames(options, installation.Identity);

    /// <summary>
    /// Returns the name of the data container for <paramref name="dataset"/>'s image, creating it the first time. An image
    /// pinned by digest that the engine lacks is pulled first (with <paramref name="credentials"/>), saying so through
    /// <paramref name="progress"/>. Throws <see cref="RuntimeException"/> with reason <c>dataset_image_unavailable</c> when
    /// the image is neither on the engine nor pullable, <c>dataset_image_mismatch</c> when the reference names other
    /// content than <see cref="DatasetMount.Digest"/>, and <c>dataset_mount_mismatch</c> when its volume is not at the
    /// mount path. A failure creates nothing.
    /// </summary>
    public async Task<string> EnsureAsync(
        DatasetMount dataset, RegistryCredentials? credentials, IProgress<RuntimeProgress> progress, int percent, CancellationToken cancellationToken)
    {
        var docker = await connection.ClientAsync(cancellationToken).ConfigureAwait(false);

        // 1. The image must exist (pulled by digest if it can be), be the one the core recorded, and declare exactly the
        //    volume the session expects.
        var image = await TryInspectImageAsync(docker, dataset.Image, cancellationToken).ConfigureAwait(false);
        if (image is null)
        {
            if (!dataset.IsPinned)
            {
                throw new RuntimeException(
                    "dataset_image_unavailable",
                    $"The data of dataset {dataset.Name} version {dataset.Version} is not where sessions run, and there is no registry to fetch it from; an admin must publish the version again.");
            }

            progress.Report(new RuntimeProgress(percent, $"Pulling the image of dataset {dataset.Name} version {dataset.Version}"));
            if (await DataImagePull.TryPullAsync(docker, dataset.Image, credentials, cancellationToken).ConfigureAwait(false) is { } failure)
            {
                throw new RuntimeException(
                    "dataset_image_unavailable",
                    $"The image of dataset {dataset.Name} version {dataset.Version} could not be fetched from its registry ({failure}); try again later, or ask an admin to publish the version again.");
            }

            image = await TryInspectImageAsync(docker, dataset.Image, cancellationToken).ConfigureAwait(false)
                ?? throw new RuntimeException(
                    "dataset_image_unavailable", $"The image of dataset {dataset.Name} version {dataset.Version} was pulled but the engine does not hold it.");
        }

        if (dataset.Digest is { } digest && image.ID != digest)
        {
            throw new RuntimeException(
                "dataset_image_mismatch",
                $"The image {dataset.Image} of dataset {dataset.Name} version {dataset.Version} is {image.ID}, not the published {digest}: it is not mounted.");
        }

        var volumes = image.Config?.Volumes?.Keys.Select(RuntimeSpecRules.NormalizePath).ToList() ?? [];
        var expected = RuntimeSpecRules.NormalizePath(dataset.MountPath);
        if (volumes.Count != 1 || volumes[0] != expected)
        {
            throw new RuntimeException(
                "dataset_mount_mismatch",
                $"The data image {dataset.Image} declares the volume(s) [{string.Join(", ", volumes)}] but dataset {dataset.Name} is mounted at {expected}.");
        }

        // 2. One data container per image id and installation, so a re-tagged reference can never mount stale files.
        var name = NameFor(image.ID);
        try
        {
            await docker.Containers.InspectContainerAsync(name, cancellationToken).ConfigureAwait(false);
            return name;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Created below.
        }

        // 3. Create it, never start it. A 409 means another start created it meanwhile: the same thing.
        try
        {
            await docker.Containers.CreateContainerAsync(
                new CreateContainerParameters
                {
                    Name = name,
                    Image = image.ID,
                    Labels = Names.Mark(new Dictionary<string, string> { [Names.Labels.Data] = "true", [Names.Labels.DataImage] = dataset.Image }),
                    NetworkDisabled = true,
                    HostConfig = new HostConfig { NetworkMode = "none", RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No } },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // Adopted.
        }

        return name;
    }

    /// <summary>Removes this installation's data containers made from <paramref name="imageReference"/>, and their volumes.</summary>
    public async Task RemoveForImageAsync(string imageReference, CancellationToken cancellationToken)
    {
        var docker = await connection.ClientAsync(cancellationToken).ConfigureAwait(false);
        string? imageId = null;
        try
        {
            imageId = (await docker.Images.InspectImageAsync(imageReference, cancellationToken).ConfigureAwait(false)).ID;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // The image is gone; its data containers can still be found by their label.
        }

        var dataContainers = await docker.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = EngineFilters.Labels(Names.Labels.DataFilter) }, cancellationToken).ConfigureAwait(false);
        foreach (var container in dataContainers)
        {
            // Another installation's data container of the same image (identical files make identical ids) is not ours to remove.
            if (!Names.Owns(container.Labels))
            {
                continue;
            }

            var madeFromImage = (imageId is not null && container.ImageID == imageId)
                || (container.Labels?.TryGetValue(Names.Labels.DataImage, out var reference) == true && reference == imageReference);
            if (!madeFromImage)
            {
                continue;
            }

            try
            {
                await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken).ConfigureAwait(false);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                // Gone already.
            }
        }
    }

    private static async Task<ImageInspectResponse?> TryInspectImageAsync(IDockerClient docker, string reference, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.Images.InspectImageAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private string NameFor(string imageId)
    {
        var hex = imageId.StartsWith("sha256:", StringComparison.Ordinal) ? imageId["sha256:".Length..] : imageId;
        return Names.DataContainerNamePrefix + hex[..Math.Min(ImageIdCharsInName, hex.Length)];
    }
}
