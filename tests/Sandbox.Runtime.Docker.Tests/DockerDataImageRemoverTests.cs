using Docker.DotNet.Models;
using Sandbox.Runtime.Docker.Client;

namespace Sandbox.Runtime.Docker.Tests;

[Collection(DockerEngineTests.Name)]
public sealed class DockerDataImageRemoverTests(DockerEngineFixture engine)
{
    [Fact]
    public async Task Removing_an_image_removes_the_data_containers_made_from_it()
    {
        var dataset = await engine.BuildDatasetAsync("removed", "/data/removed", new Dictionary<string, string> { ["r.csv"] = "r\n" });
        var spec = engine.Spec(engine.NewSessionId(), datasets: [dataset]);
        var (state, _) = await engine.StartRunningAsync(spec);
        await engine.Runtime.StopAsync(spec.SessionId, state, CancellationToken.None);
        var imageId = (await engine.Docker.Images.InspectImageAsync(dataset.Image, CancellationToken.None)).ID;

        await engine.Remover.RemoveAsync(dataset.Image, CancellationToken.None);

        Assert.False(await engine.Runtime.ImageExistsAsync(dataset.Image, CancellationToken.None));
        Assert.False(await engine.Runtime.ImageExistsAsync(imageId, CancellationToken.None));
        var dataContainers = await DataContainersAsync();
        Assert.DoesNotContain(dataContainers, c => c.ImageID == imageId || EngineLabels.Get(c.Labels, "org.sandbox.data-image") == dataset.Image);

        // Gone already is success.
        await engine.Remover.RemoveAsync(dataset.Image, CancellationToken.None);
    }

    [Fact]
    public async Task Another_installations_data_image_of_the_same_content_and_its_data_container_stay()
    {
        // The same files published by another installation: the same image id under that installation's reference,
        // with a data container of its own.
        var dataset = await engine.BuildDatasetAsync("shared", "/data/shared", new Dictionary<string, string> { ["s.csv"] = "s\n" });
        var imageId = (await engine.Docker.Images.InspectImageAsync(dataset.Image, CancellationToken.None)).ID;
        var otherInstallation = "o" + engine.RunId;
        var otherReference = $"sandbox-test/other-{engine.RunId}/dataset-shared:1";
        await engine.Docker.Images.TagImageAsync(
            dataset.Image, new ImageTagParameters { RepositoryName = $"sandbox-test/other-{engine.RunId}/dataset-shared", Tag = "1" }, CancellationToken.None);
        var otherDataContainer = await engine.Docker.Containers.CreateContainerAsync(
            new CreateContainerParameters
            {
                Name = $"sandbox-test-{engine.RunId}-other-data",
                Image = imageId,
                Labels = new Dictionary<string, string>
                {
                    ["org.sandbox.data"] = "true",
                    ["org.sandbox.installation"] = otherInstallation,
                    ["org.sandbox.data-image"] = otherReference,
                },
                NetworkDisabled = true,
            },
            CancellationToken.None);
        try
        {
            // Ours mounted it too, then the version is withdrawn here.
            var spec = engine.Spec(engine.NewSessionId(), datasets: [dataset]);
            var (state, _) = await engine.StartRunningAsync(spec);
            await engine.Runtime.StopAsync(spec.SessionId, state, CancellationToken.None);
            Assert.Contains(await DataContainersAsync(), c => c.ImageID == imageId && EngineLabels.Get(c.Labels, "org.sandbox.installation") == engine.Names.Installation.Id);

            await engine.Remover.RemoveAsync(dataset.Image, CancellationToken.None);

            Assert.False(await engine.Runtime.ImageExistsAsync(dataset.Image, CancellationToken.None));
            Assert.Equal(imageId, (await engine.Docker.Images.InspectImageAsync(otherReference, CancellationToken.None)).ID);
            var left = (await DataContainersAsync()).Where(c => c.ImageID == imageId).ToList();
            Assert.Equal(otherDataContainer.ID, Assert.Single(left).ID);
        }
        finally
        {
            await engine.Docker.Containers.RemoveContainerAsync(otherDataContainer.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, CancellationToken.None);
            await engine.Docker.Images.DeleteImageAsync(otherReference, new ImageDeleteParameters(), CancellationToken.None);
        }
    }

    private async Task<IList<ContainerListResponse>> DataContainersAsync() =>
        await engine.Docker.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = EngineFilters.Labels("org.sandbox.data=true") }, CancellationToken.None);
}
