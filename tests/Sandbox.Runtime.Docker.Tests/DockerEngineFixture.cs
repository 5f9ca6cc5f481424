using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Sandbox.Runtime.Docker.Client;
using Sandbox.Runtime.Docker.Fence;

namespace Sandbox.Runtime.Docker.Tests;

/// <summary>
/// The real Docker engine, shared by the tests of one run: the adapter registered as the orchestrator would
/// register it, on a network of this run's own, and a tiny "notebook" image built by the engine (over the adapter's
/// Docker.DotNet connection) from the static busybox binary (Debian's busybox-static), since no image can be pulled.
/// Everything the run creates carries the run id, in names and labels, and is removed at the end.
/// </summary>
public sealed class DockerEngineFixture : IAsyncLifetime
{
    public const string BusyboxPath = "/bin/busybox";

    /// <summary>Marks every image the tests build, so leftovers of a crashed run can be found.</summary>
    public const string TestRunLabel = "org.sandbox.test-run";

    private ServiceProvider _services = null!;
    private readonly List<string> _images = [];
    private readonly List<string> _volumes = [];

    public string RunId { get; } = Guid.NewGuid().ToString("N")[..10];

    public DockerRuntimeOptions Options { get; private set; } = null!;

    public ISessionRuntime Runtime { get; private set; } = null!;

    /// <summary>The adapter's removal of data images and their data containers.</summary>
    public IDataImageRemover Remover { get; private set; } = null!;

    /// <summary>The adapter's own engine connection (Docker.DotNet, negotiated).</summary>
    internal DockerEngineConnection Connection { get; private set; } = null!;

    /// <summary>The engine, through the adapter's connection, for what the tests check behind the adapter's back.</summary>
    internal IDockerClient Docker { get; private set; } = null!;

    /// <summary>The names and labels of this run's installation on the engine.</summary>
    internal DockerNames Names => ((DockerSessionRuntime)Runtime).Names;

    /// <summary>This run's fence (its chains are named after the run's network name).</summary>
    internal NetworkFence Fence { get; private set; } = null!;

    /// <summary>An image whose command serves <c>/www</c> over HTTP on <see cref="NotebookPort"/>.</summary>
    public string NotebookImage { get; private set; } = null!;

    public const int NotebookPort = 8888;

    public const string HomePath = "/home/analyst";

    public const string IndexPage = "hello from a sandbox\n";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task InitializeAsync()
    {
        if (!File.Exists(BusyboxPath))
        {
            throw new InvalidOperationException($"{BusyboxPath} is missing: install the Debian package busybox-static.");
        }

        _services = new ServiceCollection()
            .AddDockerRuntime(options =>
            {
                options.NetworkName = $"sandbox-test-{RunId}";
                options.StopGracePeriod = TimeSpan.FromSeconds(1);
            })
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        // A fresh installation of this run's own, as the orchestrator's start-up would hand it over: everything the run
        // makes carries its id in names and labels.
        _services.GetRequiredService<RuntimeInstallation>().Set(new InstallationIdentity("t" + RunId, AdoptsUnlabelled: false));
        Runtime = _services.GetRequiredService<ISessionRuntime>();
        Remover = _services.GetRequiredService<IDataImageRemover>();
        Connection = _services.GetRequiredService<DockerEngineConnection>();
        Docker = await Connection.ClientAsync(CancellationToken.None);
        Fence = _services.GetRequiredService<NetworkFence>();
        Options = _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DockerRuntimeOptions>>().Value;

        // The home directory belongs to uid 1000 in the image, as in the real notebook images: the engine
        // copies it (owner included) into an empty home volume on first mount.
        NotebookImage = await BuildImageAsync(
            $"sandbox-test/busybox-notebook:{RunId}",
            new BuildContext()
                .Dockerfile("""
                    FROM scratch
                    COPY busybox /bin/busybox
                    COPY www /www
                    COPY --chown=1000:1000 home /home/analyst
                    CMD ["/bin/busybox", "httpd", "-f", "-p", "8888", "-h", "/www"]
                    """)
                .File("busybox", await File.ReadAllBytesAsync(BusyboxPath), (UnixFileMode)0b111_101_101)
                .Text("www/index.html", IndexPage)
                .Text("home/.profile", "# the analyst's home\n"));
    }

    /// <summary>
    /// Builds an image with the engine's builder (<c>POST /build</c>, the legacy builder of Engine 20.10), marked with
    /// this run's label, removed at the end. Throws when the build reports an error.
    /// </summary>
    public async Task<string> BuildImageAsync(string tag, BuildContext context)
    {
        using var tar = context.ToTar();
        _images.Add(tag);
        var errors = new List<string>();
        await Docker.Images.BuildImageFromDockerfileAsync(
            new ImageBuildParameters { Tags = [tag], Labels = new Dictionary<string, string> { [TestRunLabel] = RunId }, Remove = true, ForceRemove = true },
            tar,
            authConfigs: null,
            headers: null,
            new SynchronousProgress<JSONMessage>(message =>
            {
                if (message.Error is { } error)
                {
                    errors.Add(error.Message ?? "an error without a message");
                }
            }),
            CancellationToken.None);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Building {tag} failed: {string.Join("; ", errors)}");
        }

        return tag;
    }

    /// <summary>
    /// Builds a data-only image the way datasets are published: FROM scratch, the files, a VOLUME at the
    /// mount path and a dummy command (the data container is never started).
    /// </summary>
    public async Task<DatasetMount> BuildDatasetAsync(string name, string mountPath, IReadOnlyDictionary<string, string> files, string? volumePath = null)
    {
        var context = new BuildContext().Dockerfile($"""
            FROM scratch
            COPY files {mountPath}
            VOLUME {volumePath ?? mountPath}
            CMD ["data-only"]
            """);
        foreach (var (file, content) in files)
        {
            context.Text("files/" + file, content);
        }

        // The run id in a file makes the image (and so its data container) this run's own.
        context.Text("files/.run", RunId);
        var image = await BuildImageAsync($"sandbox-test/dataset-{name}:{RunId}", context);
        return new DatasetMount(name, "1", image, mountPath);
    }

    /// <summary>A session id unique to this run (its container name and labels carry it).</summary>
    public string NewSessionId() => $"{RunId}-{Guid.NewGuid().ToString("N")[..8]}";

    public HomeVolume HomeOf(string memberId)
    {
        var home = new HomeVolume($"sandbox-test-{RunId}-home-{memberId}", HomePath);
        lock (_volumes)
        {
            if (!_volumes.Contains(home.Name))
            {
                _volumes.Add(home.Name);
            }
        }

        return home;
    }

    public RuntimeSpec Spec(
        string sessionId,
        string memberId = "m1",
        string? image = null,
        IReadOnlyList<string>? command = null,
        IReadOnlyList<DatasetMount>? datasets = null,
        ResourceLimits? limits = null,
        IReadOnlyDictionary<string, string>? environment = null,
        HomeVolume? home = null) =>
        new(
            sessionId,
            memberId,
            image ?? NotebookImage,
            command ?? [],
            environment ?? new Dictionary<string, string> { ["SANDBOX_SESSION"] = sessionId },
            limits ?? new ResourceLimits(Cpu: 0.5m, MemoryGiB: 0.25m, Pids: 64, Gpu: 0),
            home ?? HomeOf(memberId),
            datasets ?? [],
            NotebookPort);

    /// <summary>Waits until the sandbox's endpoint answers (the "notebook" needs a moment after the process starts).</summary>
    public async Task<string> GetWhenReadyAsync(Uri url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                return await Http.GetStringAsync(url);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100); // retry interval until the sandbox's endpoint answers or the deadline
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100); // retry interval until the sandbox's endpoint answers or the deadline
            }
        }
    }

    /// <summary>Starts a sandbox and waits until the engine reports it running with an endpoint.</summary>
    public async Task<(RuntimeState State, RuntimeObservation Observation)> StartRunningAsync(RuntimeSpec spec)
    {
        var state = await Runtime.StartAsync(spec, new RecordingProgress<RuntimeProgress>(), CancellationToken.None);
        var observation = await Runtime.ObserveAsync(spec.SessionId, state, CancellationToken.None);
        Assert.Equal(RuntimePhase.Running, observation.Phase);
        Assert.NotNull(observation.Endpoint);
        return (state, observation);
    }

    /// <summary>Runs a command in the sandbox's container and waits for it to end; its output is stdout and stderr together.</summary>
    internal async Task<ExecResult> ExecAsync(RuntimeState state, params string[] command)
    {
        var exec = await Docker.Exec.CreateContainerExecAsync(
            state.Values[RuntimeStateKeys.ContainerId],
            new ContainerExecCreateParameters { Cmd = command, AttachStdout = true, AttachStderr = true },
            CancellationToken.None);
        using (var stream = await Docker.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), CancellationToken.None))
        {
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(CancellationToken.None);
            var finished = await Docker.Exec.InspectContainerExecAsync(exec.ID, CancellationToken.None);
            return new ExecResult((int)(finished.ExitCode ?? -1), stdout + stderr);
        }
    }

    public async Task DisposeAsync()
    {
        // 1. Session containers of this run (their session ids start with the run id).
        var containers = await Docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }, CancellationToken.None);
        foreach (var container in containers.Where(c => c.Names is not null && c.Names.Any(n => n.Contains(RunId, StringComparison.Ordinal))))
        {
            await IgnoreMissingAsync(() => Docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, CancellationToken.None));
        }

        // 2. Images (the remover takes their data containers along), then volumes and the network.
        foreach (var image in _images)
        {
            await Remover.RemoveAsync(image, CancellationToken.None);
        }

        foreach (var volume in _volumes)
        {
            await IgnoreMissingAsync(() => Docker.Volumes.RemoveAsync(Names.HomeVolumeOf(new HomeVolume(volume, HomePath)), force: false, CancellationToken.None));
        }

        // 3. Every network of this run's fence, then the fence's chains and hooks.
        var networks = await Docker.Networks.ListNetworksAsync(
            new NetworksListParameters { Filters = EngineFilters.Labels($"org.sandbox.fence={Names.NetworkStem}") }, CancellationToken.None);
        foreach (var network in networks)
        {
            await IgnoreMissingAsync(() => Docker.Networks.DeleteNetworkAsync(network.ID, CancellationToken.None));
        }

        await Fence.RemoveAsync(CancellationToken.None);

        Http.Dispose();
        await _services.DisposeAsync();
    }

    private static async Task IgnoreMissingAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }
}

/// <summary>A finished command run inside a container: its exit code, and its standard output then standard error.</summary>
internal sealed record ExecResult(int ExitCode, string Output);

[CollectionDefinition(Name)]
public sealed class DockerEngineTests : ICollectionFixture<DockerEngineFixture>
{
    public const string Name = "Docker engine";
}
