using Sandbox.Runtime.Docker.Engine;
using Sandbox.Runtime.Docker.Engine.Models;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// The never-started containers that hold dataset images' volumes. A session mounts a dataset with
/// <c>VolumesFrom ["&lt;data container&gt;:ro"]</c>: the engine copied the image's files into the data
/// container's volume once, and every session shares that copy read-only.
/// </summary>
internal sealed class DataContainers(DockerEngineClient engine, DockerRuntimeOptions options, RuntimeInstallation installation)
{
    private DockerNames? _names;

    // Read when first needed: the installation is known only once the store has been read at start.
    private DockerNames Names => _names ??= new DockerNames(options, installation.Identity);

    // Enough of the image id to never collide in practice, short enough to read.
    private const int ImageIdCharsInName = 20;

    /// <summary>
    /// Returns the name of the data container for <paramref name="dataset"/>'s image, creating it the first time.
    /// Throws <see cref="RuntimeException"/> when the image is missing or its volume is not at the mount path.
    /// </summary>
    public async Task<string> EnsureAsync(DatasetMount dataset, CancellationToken cancellationToken)
    {
        // 1. The image must exist and declare exactly the volume the session expects.
        ImageInspection image;
        try
        {
            image = await engine.InspectImageAsync(dataset.Image, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerEngineException e) when (e.IsNotFound)
        {
            throw new RuntimeException("dataset_image_missing", $"The data image {dataset.Image} of dataset {dataset.Name} {dataset.Version} is not on the engine.", e);
        }

        var volumes = image.Config?.Volumes?.Keys.Select(SessionContainerRequestFactory.NormalizePath).ToList() ?? [];
        var expected = SessionContainerRequestFactory.NormalizePath(dataset.MountPath);
        if (volumes.Count != 1 || volumes[0] != expected)
        {
            throw new RuntimeException(
                "dataset_mount_mismatch",
                $"The data image {dataset.Image} declares the volume(s) [{string.Join(", ", volumes)}] but dataset {dataset.Name} is mounted at {expected}.");
        }

        // 2. One data container per image id and installation, so a re-tagged reference can never mount stale files.
        var name = NameFor(image.Id);
        try
        {
            await engine.InspectContainerAsync(name, cancellationToken).ConfigureAwait(false);
            return name;
        }
        catch (DockerEngineException e) when (e.IsNotFound)
        {
            // Created below.
        }

        // 3. Create it, never start it. A 409 means another start created it meanwhile: the same thing.
        try
        {
            await engine.CreateContainerAsync(
                name,
                new ContainerCreateRequest
                {
                    Image = image.Id,
                    Labels = Names.Mark(new Dictionary<string, string> { [Names.Labels.Data] = "true", [Names.Labels.DataImage] = dataset.Image }),
                    NetworkDisabled = true,
                    HostConfig = new HostConfig { NetworkMode = "none", RestartPolicy = new RestartPolicy("no") },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (DockerEngineException e) when (e.IsConflict)
        {
            // Adopted.
        }

        return name;
    }

    /// <summary>Removes the data containers made from <paramref name="imageReference"/>, and their volumes.</summary>
    public async Task RemoveForImageAsync(string imageReference, CancellationToken cancellationToken)
    {
        string? imageId = null;
        try
        {
            imageId = (await engine.InspectImageAsync(imageReference, cancellationToken).ConfigureAwait(false)).Id;
        }
        catch (DockerEngineException e) when (e.IsNotFound)
        {
            // The image is gone; its data containers can still be found by their label.
        }

        var dataContainers = await engine.ListContainersAsync(
            new Dictionary<string, string[]> { ["label"] = [Names.Labels.DataFilter] }, cancellationToken).ConfigureAwait(false);
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
                await engine.RemoveContainerAsync(container.Id, removeAnonymousVolumes: true, cancellationToken).ConfigureAwait(false);
            }
            catch (DockerEngineException e) when (e.IsNotFound)
            {
                // Gone already.
            }
        }
    }

    private string NameFor(string imageId)
    {
        var hex = imageId.StartsWith("sha256:", StringComparison.Ordinal) ? imageId["sha256:".Length..] : imageId;
        return Names.DataContainerNamePrefix + hex[..Math.Min(ImageIdCharsInName, hex.Length)];
    }
}
