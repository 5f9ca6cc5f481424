using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Sandbox.Testing;

/// <summary>Asks the real Docker engine what exists, independently of the orchestrator's own adapter.</summary>
public static class DockerEngine
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint("/var/run/docker.sock"), ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri("http://docker/v1.41/") };

    /// <summary>Containers (running or not) with a label, as (name, labels, state).</summary>
    public static async Task<IReadOnlyList<(string Name, Dictionary<string, string> Labels, string State)>> ContainersAsync(string label) =>
        await ContainersAsync([label]);

    /// <summary>Containers (running or not) with every one of <paramref name="labels"/>, as (name, labels, state).</summary>
    public static async Task<IReadOnlyList<(string Name, Dictionary<string, string> Labels, string State)>> ContainersAsync(string[] labels)
    {
        var filters = Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = labels }));
        var list = await Http.GetFromJsonAsync<JsonElement>($"containers/json?all=1&filters={filters}");
        return list.EnumerateArray().Select(c => (
            c.GetProperty("Names")[0].GetString()!.TrimStart('/'),
            c.GetProperty("Labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
            c.GetProperty("State").GetString()!)).ToList();
    }

    /// <summary>Names of the volumes with every one of <paramref name="labels"/>.</summary>
    public static async Task<IReadOnlyList<string>> VolumesAsync(string[] labels)
    {
        var filters = Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = labels }));
        var volumes = await Http.GetFromJsonAsync<JsonElement>($"volumes?filters={filters}");
        return volumes.TryGetProperty("Volumes", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(v => v.GetProperty("Name").GetString()!).ToList()
            : [];
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

        var body = new
        {
            Image = "sandbox/python-notebook:1",
            Cmd = new[] { "sleep", "600" },
            Labels = labels,
        };
        var created = await Http.PostAsJsonAsync($"containers/create?name=sandbox-it-{runId}-orphan-{sessionId}", body);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Id").GetString()!;
        (await Http.PostAsync($"containers/{id}/start", null)).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>
    /// Runs a notebook container straight on the engine, with the same image, command and confinement a session gets
    /// (no orchestrator): the floor that launch latency is compared with. Returns its id and address.
    /// </summary>
    public static async Task<(string Id, string Address)> RunNotebookAsync(string name, string image, string network, string token, string baseUrl)
    {
        var body = new
        {
            Image = image,
            Cmd = new[] { "jupyter", "notebook", "--no-browser", "--ip=0.0.0.0", "--port=8888", $"--NotebookApp.base_url={baseUrl}",
                "--NotebookApp.allow_remote_access=True" },
            Env = new[] { $"JUPYTER_TOKEN={token}" },
            User = "1000:1000",
            Labels = new Dictionary<string, string> { ["org.sandbox-floor"] = "true" },
            HostConfig = new
            {
                NetworkMode = network,
                ReadonlyRootfs = true,
                Mounts = new[] { new { Type = "volume", Target = "/home/analyst" } }, // anonymous, like a new member's home
                Tmpfs = new Dictionary<string, string> { ["/tmp"] = "rw,size=256m" },
                CapDrop = new[] { "ALL" },
                SecurityOpt = new[] { "no-new-privileges" },
                NanoCpus = 1_000_000_000L,
                Memory = 2L * 1024 * 1024 * 1024,
            },
        };
        var created = await Http.PostAsJsonAsync($"containers/create?name={name}", body);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Id").GetString()!;
        (await Http.PostAsync($"containers/{id}/start", null)).EnsureSuccessStatusCode();
        var inspect = await Http.GetFromJsonAsync<JsonElement>($"containers/{id}/json");
        var address = inspect.GetProperty("NetworkSettings").GetProperty("Networks").EnumerateObject().First().Value.GetProperty("IPAddress").GetString()!;
        return (id, address);
    }

    /// <summary>A notebook container's address on its network and its Jupyter token (benchmarks compare direct access with the proxy).</summary>
    public static async Task<(string Address, string Token)> NotebookAddressAsync(string container)
    {
        var inspect = await Http.GetFromJsonAsync<JsonElement>($"containers/{container}/json");
        var address = inspect.GetProperty("NetworkSettings").GetProperty("Networks").EnumerateObject().First().Value.GetProperty("IPAddress").GetString()!;
        var token = inspect.GetProperty("Config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()!)
            .Single(e => e.StartsWith("JUPYTER_TOKEN=", StringComparison.Ordinal))["JUPYTER_TOKEN=".Length..];
        return (address, token);
    }

    /// <summary>Creates (never starts) a container of <paramref name="image"/> with <paramref name="labels"/>; returns its id.</summary>
    public static async Task<string> CreateLabelledAsync(string name, string image, IReadOnlyDictionary<string, string> labels)
    {
        var created = await Http.PostAsJsonAsync($"containers/create?name={name}", new { Image = image, Cmd = new[] { "true" }, Labels = labels });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Id").GetString()!;
    }

    /// <summary>Whether the engine has an image, by id or reference.</summary>
    public static async Task<bool> ImageExistsAsync(string image) =>
        (await Http.GetAsync($"images/{Uri.EscapeDataString(image)}/json")).IsSuccessStatusCode;

    /// <summary>The engine's inspection of an image, by id or reference.</summary>
    public static async Task<JsonElement> InspectImageAsync(string image) =>
        await Http.GetFromJsonAsync<JsonElement>($"images/{Uri.EscapeDataString(image)}/json");

    /// <summary>Kills a running container (SIGKILL), as something behind the orchestrator's back would.</summary>
    public static async Task KillContainerAsync(string idOrName) =>
        (await Http.PostAsync($"containers/{idOrName}/kill", null)).EnsureSuccessStatusCode();

    /// <summary>Removes a container, running or not.</summary>
    public static async Task RemoveContainerAsync(string id) => await Http.DeleteAsync($"containers/{id}?force=1&v=1");

    /// <summary>Removes an image by id or name, even when tagged more than once; true when the engine removed it.</summary>
    public static async Task<bool> RemoveImageAsync(string image) =>
        (await Http.DeleteAsync($"images/{Uri.EscapeDataString(image)}?force=1")).IsSuccessStatusCode;

    /// <summary>
    /// Removes every container, volume and image a test run's installation left (best effort; tests assert cleanliness
    /// themselves). Only what carries the installation's label: another installation with the same label prefix (the
    /// defaults) keeps its things.
    /// </summary>
    public static async Task RemoveAllAsync(string labelPrefix, string runId, string installationId)
    {
        var ours = $"{labelPrefix}installation={installationId}";
        foreach (var label in new[] { labelPrefix + "managed=true", labelPrefix + "data=true" })
        {
            foreach (var (name, _, _) in await ContainersAsync([label, ours]))
            {
                await Http.DeleteAsync($"containers/{name}?force=1");
            }
        }

        // The members' homes outlive sessions, so nothing else removes them.
        var volumeFilters = Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = [ours] }));
        var volumes = await Http.GetFromJsonAsync<JsonElement>($"volumes?filters={volumeFilters}");
        if (volumes.TryGetProperty("Volumes", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var volume in list.EnumerateArray())
            {
                await Http.DeleteAsync($"volumes/{volume.GetProperty("Name").GetString()}");
            }
        }

        // By tag, not by id: the engine's build cache gives another run's identical data image (the same dataset
        // published by another test class) the same id, and removing the id would take that run's tag with it.
        var images = await Http.GetFromJsonAsync<JsonElement>("images/json");
        foreach (var image in images.EnumerateArray())
        {
            if (image.TryGetProperty("RepoTags", out var tags) && tags.ValueKind == JsonValueKind.Array)
            {
                foreach (var tag in tags.EnumerateArray().Select(t => t.GetString())
                    .Where(t => t?.StartsWith($"sandbox-it-{runId}/", StringComparison.Ordinal) == true))
                {
                    await Http.DeleteAsync($"images/{Uri.EscapeDataString(tag!)}");
                }
            }
        }
    }

    /// <summary>Removes the sessions' networks an orchestrator made under <paramref name="networkName"/> (after its containers).</summary>
    public static async Task RemoveNetworksAsync(string labelPrefix, string networkName)
    {
        var filters = Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = [$"{labelPrefix}fence={networkName}"] }));
        var networks = await Http.GetFromJsonAsync<JsonElement>($"networks?filters={filters}");
        foreach (var network in networks.EnumerateArray())
        {
            await Http.DeleteAsync($"networks/{network.GetProperty("Id").GetString()}");
        }
    }
}
