using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Sandbox.Testing;

/// <summary>
/// Asks the real Docker engine what exists, independently of the orchestrator's own adapter: Docker.DotNet on the local
/// socket, speaking the newest API version both the engine and the library know (asked once, as the adapter does: this
/// machine's Engine 20.10 answers 1.41, and newer engines refuse old versions, so none can be pinned).
/// </summary>
public static class DockerEngine
{
    private static readonly Uri Socket = new("unix:///var/run/docker.sock");

    /// <summary>The newest Engine API Docker.DotNet.Enhanced 4.4.1's models describe.</summary>
    private static readonly System.Version LibraryMaxApiVersion = new(1, 52);

    private static readonly Lazy<Task<DockerClient>> Client = new(ConnectAsync);

    /// <summary>The shared engine client (API version negotiated), for tests that need more than the helpers here.</summary>
    public static Task<DockerClient> ClientAsync() => Client.Value;

    /// <summary>Containers (running or not) with a label, as (name, labels, state).</summary>
    public static async Task<IReadOnlyList<(string Name, Dictionary<string, string> Labels, string State)>> ContainersAsync(string label) =>
        await ContainersAsync([label]);

    /// <summary>Containers (running or not) with every one of <paramref name="labels"/>, as (name, labels, state).</summary>
    public static async Task<IReadOnlyList<(string Name, Dictionary<string, string> Labels, string State)>> ContainersAsync(string[] labels)
    {
        var docker = await Client.Value;
        var list = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = LabelFilter(labels) });
        return list.Select(c => (
            c.Names![0].TrimStart('/'),
            c.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(c.Labels),
            c.State!)).ToList();
    }

    /// <summary>Names of the volumes with every one of <paramref name="labels"/>.</summary>
    public static async Task<IReadOnlyList<string>> VolumesAsync(string[] labels)
    {
        var docker = await Client.Value;
        var volumes = await docker.Volumes.ListAsync(new VolumesListParameters { Filters = LabelFilter(labels) });
        return (volumes.Volumes ?? []).Select(v => v.Name).ToList();
    }

    /// <summary>
    /// Creates and starts a container carrying Sandbox's labels for a session that does not exist, of the installation
    /// <paramref name="installationId"/> (none: as one made before installations had ids).
    /// </summary>
    public static async Task<string> StartOrphanAsync(string labelPrefix, string runId, string sessionId, string? installationId)
    {
        var labels = new Dictionary<string, string>
        {
            [labelPrefix + "managed"] = "true",
            [labelPrefix + "session"] = sessionId,
            [labelPrefix + "member"] = "m-ghost",
        };
        if (installationId is not null)
        {
            labels[labelPrefix + "installation"] = installationId;
        }

        var docker = await Client.Value;
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = $"sandbox-it-{runId}-orphan-{sessionId}",
            Image = "sandbox/python-notebook:1",
            Cmd = ["sleep", "600"],
            Labels = labels,
        });
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
    }

    /// <summary>
    /// Runs a notebook container straight on the engine, with the same image, command and confinement a session gets
    /// (no orchestrator): the floor that launch latency is compared with. Returns its id and address.
    /// </summary>
    public static async Task<(string Id, string Address)> RunNotebookAsync(string name, string image, string network, string token, string baseUrl)
    {
        var docker = await Client.Value;
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = image,
            Cmd = ["jupyter", "notebook", "--no-browser", "--ip=0.0.0.0", "--port=8888", $"--NotebookApp.base_url={baseUrl}",
                "--NotebookApp.allow_remote_access=True"],
            Env = [$"JUPYTER_TOKEN={token}"],
            User = "1000:1000",
            Labels = new Dictionary<string, string> { ["org.sandbox-floor"] = "true" },
            HostConfig = new HostConfig
            {
                NetworkMode = network,
                ReadonlyRootfs = true,
                Mounts = [new Mount { Type = "volume", Target = "/home/analyst" }], // anonymous, like a new member's home
                Tmpfs = new Dictionary<string, string> { ["/tmp"] = "rw,size=256m" },
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                NanoCPUs = 1_000_000_000L,
                Memory = 2L * 1024 * 1024 * 1024,
            },
        });
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        var inspect = await docker.Containers.InspectContainerAsync(created.ID);
        return (created.ID, inspect.NetworkSettings!.Networks!.Values.First().IPAddress!);
    }

    /// <summary>A notebook container's address on its network and its Jupyter token (benchmarks compare direct access with the proxy).</summary>
    public static async Task<(string Address, string Token)> NotebookAddressAsync(string container)
    {
        var inspect = await (await Client.Value).Containers.InspectContainerAsync(container);
        var address = inspect.NetworkSettings!.Networks!.Values.First().IPAddress!;
        var token = inspect.Config!.Env!.Single(e => e.StartsWith("JUPYTER_TOKEN=", StringComparison.Ordinal))["JUPYTER_TOKEN=".Length..];
        return (address, token);
    }

    /// <summary>Creates (never starts) a container of <paramref name="image"/> with <paramref name="labels"/>; returns its id.</summary>
    public static async Task<string> CreateLabelledAsync(string name, string image, IReadOnlyDictionary<string, string> labels)
    {
        var created = await (await Client.Value).Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = image,
            Cmd = ["true"],
            Labels = labels.ToDictionary(l => l.Key, l => l.Value),
        });
        return created.ID;
    }

    /// <summary>Whether the engine has an image, by id or reference.</summary>
    public static async Task<bool> ImageExistsAsync(string image)
    {
        try
        {
            await (await Client.Value).Images.InspectImageAsync(image);
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>The engine's inspection of an image, by id or reference.</summary>
    public static async Task<ImageInspectResponse> InspectImageAsync(string image) =>
        await (await Client.Value).Images.InspectImageAsync(image);

    /// <summary>The tags of every image on the engine that start with <paramref name="prefix"/>.</summary>
    public static async Task<IReadOnlyList<string>> ImageTagsAsync(string prefix)
    {
        var images = await (await Client.Value).Images.ListImagesAsync(new ImagesListParameters { All = true });
        return images.SelectMany(i => i.RepoTags ?? []).Where(t => t.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    /// <summary>Kills a running container (SIGKILL), as something behind the orchestrator's back would.</summary>
    public static async Task KillContainerAsync(string idOrName) =>
        await (await Client.Value).Containers.KillContainerAsync(idOrName, new ContainerKillParameters { Signal = "KILL" });

    /// <summary>Removes a container, running or not (gone already is fine).</summary>
    public static async Task RemoveContainerAsync(string id) =>
        await IgnoreMissingAsync(async docker => await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }));

    /// <summary>Removes an image by id or name, even when tagged more than once; true when the engine removed it.</summary>
    public static async Task<bool> RemoveImageAsync(string image)
    {
        try
        {
            await (await Client.Value).Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true });
            return true;
        }
        catch (DockerApiException)
        {
            return false;
        }
    }

    /// <summary>
    /// Removes every container, volume and image a test run's installation left (best effort; tests assert cleanliness
    /// themselves). Only what carries the installation's label: another installation with the same label prefix (the
    /// defaults) keeps its things.
    /// </summary>
    public static async Task RemoveAllAsync(string labelPrefix, string runId, string installationId)
    {
        var docker = await Client.Value;
        var ours = $"{labelPrefix}installation={installationId}";
        foreach (var label in new[] { labelPrefix + "managed=true", labelPrefix + "data=true" })
        {
            foreach (var (name, _, _) in await ContainersAsync([label, ours]))
            {
                await IgnoreMissingAsync(async d => await d.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true }));
            }
        }

        // The members' homes outlive sessions, so nothing else removes them.
        var volumes = await docker.Volumes.ListAsync(new VolumesListParameters { Filters = LabelFilter([ours]) });
        foreach (var volume in volumes.Volumes ?? [])
        {
            await IgnoreMissingAsync(async d => await d.Volumes.RemoveAsync(volume.Name));
        }

        // By tag, not by id: another run's identical data image (the same dataset published by another test class) has
        // the same id, and removing the id would take that run's tag with it.
        foreach (var tag in await ImageTagsAsync($"sandbox-it-{runId}/"))
        {
            await IgnoreMissingAsync(async d => await d.Images.DeleteImageAsync(tag, new ImageDeleteParameters()));
        }
    }

    /// <summary>Removes the sessions' networks an orchestrator made under <paramref name="networkName"/> (after its containers).</summary>
    public static async Task RemoveNetworksAsync(string labelPrefix, string networkName)
    {
        var docker = await Client.Value;
        var networks = await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = LabelFilter([$"{labelPrefix}fence={networkName}"]) });
        foreach (var network in networks)
        {
            try
            {
                await IgnoreMissingAsync(async d => await d.Networks.DeleteNetworkAsync(network.ID));
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Forbidden)
            {
                // "has active endpoints": still in use (the engine detaches a removed container a moment later, or another
                // replica of the same installation still runs), left like anything else in use.
            }
        }
    }

    private static Dictionary<string, IDictionary<string, bool>> LabelFilter(string[] labels) =>
        new() { ["label"] = labels.ToDictionary(l => l, _ => true) };

    /// <summary>Best effort: what is gone already, or still in use, is left to the tests' own assertions.</summary>
    private static async Task IgnoreMissingAsync(Func<DockerClient, Task> action)
    {
        try
        {
            await action(await Client.Value);
        }
        catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
        }
    }

    private static async Task<DockerClient> ConnectAsync()
    {
        // Unversioned, /version answers on every engine; then the client is pinned to the newest version both know.
        using var probe = new DockerClientBuilder().WithEndpoint(Socket).Build();
        var engine = await probe.System.GetVersionAsync();
        var engineMax = System.Version.Parse(engine.APIVersion!);
        return new DockerClientBuilder().WithEndpoint(Socket).WithApiVersion(engineMax < LibraryMaxApiVersion ? engineMax : LibraryMaxApiVersion).Build();
    }
}
