using System.Globalization;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Sandbox.Runtime.Docker.Client;
using Sandbox.Runtime.Docker.Fence;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// The runtime port on one Docker engine: one container per session, named after the session, on a bridge network
/// of its egress policy where sandboxes cannot reach each other, fenced off from the host, link-local and private
/// addresses by packet filter rules, with the member's home as a named volume and datasets mounted read-only
/// from data containers. Obtain it through
/// <see cref="DockerRuntimeServiceCollectionExtensions.AddDockerRuntime(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{DockerRuntimeOptions}?)"/>.
/// </summary>
public sealed partial class DockerSessionRuntime : ISessionRuntime, IDisposable
{
    private const string IccOption = "com.docker.network.bridge.enable_icc";

    private readonly DockerEngineConnection _connection;
    private readonly DockerRuntimeOptions _options;
    private readonly RuntimeInstallation _installation;
    private readonly DataContainers _dataContainers;
    private readonly Func<string, NetworkFence> _fenceOf;
    private readonly ILogger<DockerSessionRuntime> _logger;
    private readonly SemaphoreSlim _networkLock = new(1, 1);
    private DockerNames? _names;
    private NetworkFence? _fence;

    /// <param name="connection">The engine.</param>
    /// <param name="options">Names and limits.</param>
    /// <param name="installation">Whose things these are; read when the runtime first acts, after the store has it.</param>
    /// <param name="fenceOf">The fence of a network stem (the installation's, known only then too).</param>
    /// <param name="logger">Where it logs.</param>
    internal DockerSessionRuntime(
        DockerEngineConnection connection, DockerRuntimeOptions options, RuntimeInstallation installation, Func<string, NetworkFence> fenceOf, ILogger<DockerSessionRuntime> logger)
    {
        _connection = connection;
        _options = options;
        _installation = installation;
        _dataContainers = new DataContainers(connection, options, installation);
        _fenceOf = fenceOf;
        _logger = logger;
    }

    /// <summary>This installation's names and labels on the engine.</summary>
    internal DockerNames Names => _names ??= new DockerNames(_options, _installation.Identity);

    private SandboxLabels Labels => Names.Labels;

    private NetworkFence Fence => _fence ??= _fenceOf(Names.NetworkStem);

    private Task<IDockerClient> DockerAsync(CancellationToken cancellationToken) => _connection.ClientAsync(cancellationToken);

    /// <summary>Releases the network lock; the engine connection belongs to the service provider.</summary>
    public void Dispose() => _networkLock.Dispose();

    /// <inheritdoc />
    public async Task<RuntimeState> StartAsync(RuntimeSpec spec, IProgress<RuntimeProgress> progress, CancellationToken cancellationToken)
    {
        RuntimeSpecRules.Validate(spec);
        var name = ContainerNameOf(spec.SessionId);

        // 1. Idempotence: what exists for the session is adopted, never created twice.
        var existing = await TryInspectAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return await AdoptAsync(existing, spec.SessionId, progress, cancellationToken).ConfigureAwait(false);
        }

        // 2. Everything the container needs, each created if missing (none of it belongs to this session only).
        progress.Report(new RuntimeProgress(10, "Checking the notebook image"));
        await EnsureNotebookImageAsync(spec.Image, cancellationToken).ConfigureAwait(false);

        // A dataset whose image cannot be had fails the start here, before anything of the session exists.
        progress.Report(new RuntimeProgress(20, "Preparing datasets"));
        var dataContainerNames = new List<string>();
        foreach (var dataset in spec.Datasets)
        {
            dataContainerNames.Add(await _dataContainers.EnsureAsync(dataset, spec.RegistryCredentials, progress, 25, cancellationToken).ConfigureAwait(false));
        }

        // The network and its fence come before the container: a sandbox that cannot be fenced in never starts.
        progress.Report(new RuntimeProgress(30, "Preparing the home volume and the network"));
        await EnsureHomeVolumeAsync(spec, cancellationToken).ConfigureAwait(false);
        var network = await EnsureNetworkAsync(spec.Egress, cancellationToken).ConfigureAwait(false);
        var request = SessionContainerRequestFactory.Build(spec, _options, Names, network, dataContainerNames);

        // 3. Create; a 409 means a concurrent start won the name: adopt what it made.
        progress.Report(new RuntimeProgress(40, "Creating the container"));
        request.Name = name;
        var docker = await DockerAsync(cancellationToken).ConfigureAwait(false);
        string containerId;
        try
        {
            containerId = (await docker.Containers.CreateContainerAsync(request, cancellationToken).ConfigureAwait(false)).ID;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            var winner = await InspectConcurrentlyCreatedAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new RuntimeException("name_conflict", $"The container name {name} is taken but nothing answers to it.", e);
            return await AdoptAsync(winner, spec.SessionId, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw RefusedCreate(e, spec);
        }

        Log.Created(_logger, spec.SessionId, name, containerId);

        // 4. Start; from here on a failure removes the container this call created.
        try
        {
            progress.Report(new RuntimeProgress(60, "Starting the container"));
            await StartCreatedAsync(containerId, name, spec.Limits.Gpu, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            Log.RemovingAfterFailedStart(_logger, spec.SessionId, name, failure);
            await RemoveQuietlyAsync(containerId).ConfigureAwait(false);
            throw;
        }

        progress.Report(new RuntimeProgress(80, "The container is running"));
        return ContainerPhases.StateOf(containerId, name);
    }

    /// <inheritdoc />
    public async Task<RuntimeObservation> ObserveAsync(string sessionId, RuntimeState? saved, CancellationToken cancellationToken)
    {
        var container = await FindAsync(sessionId, saved, cancellationToken).ConfigureAwait(false);
        if (container is null)
        {
            return RuntimeObservation.Absent;
        }

        var phase = ContainerPhases.FromStatus(container.State?.Status ?? "");
        var state = ContainerPhases.StateOf(container.ID, container.Name);
        return phase switch
        {
            RuntimePhase.Running => new RuntimeObservation(phase, EndpointOf(container, sessionId), null, state),
            RuntimePhase.Exited => new RuntimeObservation(phase, null, ContainerPhases.ExitReason(container.State!), state),
            _ => new RuntimeObservation(phase, null, null, state),
        };
    }

    /// <inheritdoc />
    public async Task StopAsync(string sessionId, RuntimeState? saved, CancellationToken cancellationToken)
    {
        var container = await FindAsync(sessionId, saved, cancellationToken).ConfigureAwait(false);
        if (container is null)
        {
            return;
        }

        try
        {
            // A graceful stop first, so the notebook server can save its state; the forced remove ends the rest.
            var docker = await DockerAsync(cancellationToken).ConfigureAwait(false);
            if (container.State?.Running == true)
            {
                var grace = (uint)Math.Ceiling(_options.StopGracePeriod.TotalSeconds);
                await docker.Containers.StopContainerAsync(container.ID, new ContainerStopParameters { WaitBeforeKillSeconds = grace }, cancellationToken).ConfigureAwait(false);
            }

            await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound
            || (e.StatusCode == HttpStatusCode.Conflict && (e.ResponseBody ?? "").Contains("already in progress", StringComparison.Ordinal)))
        {
            // Gone, or being removed by a concurrent stop: done either way.
        }

        Log.Stopped(_logger, sessionId, container.ID);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RuntimeInstance>> ListAsync(CancellationToken cancellationToken)
    {
        // An upgraded installation also owns unlabelled sandboxes, which no label filter can find: it filters here.
        string[] filter = Names.Installation.AdoptsUnlabelled ? [Labels.ManagedFilter] : [Labels.ManagedFilter, Names.InstallationFilter];
        var docker = await DockerAsync(cancellationToken).ConfigureAwait(false);
        var containers = await docker.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = EngineFilters.Labels(filter) }, cancellationToken).ConfigureAwait(false);
        var instances = new List<RuntimeInstance>(containers.Count);
        foreach (var container in containers)
        {
            if (container.Labels is null
                || !Names.Owns(container.Labels)
                || !container.Labels.TryGetValue(Labels.Session, out var sessionId)
                || !container.Labels.TryGetValue(Labels.Member, out var memberId))
            {
                continue;
            }

            var name = container.Names is { Count: > 0 } ? container.Names[0] : ContainerNameOf(sessionId);
            instances.Add(new RuntimeInstance(sessionId, memberId, ContainerPhases.FromStatus(container.State), ContainerPhases.StateOf(container.ID, name)));
        }

        return instances;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<int> FollowOutputAsync(string sessionId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var docker = await DockerAsync(cancellationToken).ConfigureAwait(false);
        MultiplexedStream logs;
        try
        {
            logs = await docker.Containers.GetContainerLogsAsync(
                ContainerNameOf(sessionId),
                new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true },
                cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException)
        {
            // No such container (not created yet, or removed) or the engine refused: nothing to follow.
            yield break;
        }

        using (logs)
        {
            var buffer = new byte[16 * 1024];
            while (true)
            {
                MultiplexedStream.ReadResult read;
                try
                {
                    read = await logs.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // The engine closed the stream (the container was removed).
                    yield break;
                }

                if (read.EOF)
                {
                    yield break;
                }

                yield return read.Count;
            }
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<RuntimeChange> WatchAsync(CancellationToken cancellationToken) =>
        new DockerSessionChanges(_connection, () => Names, TimeSpan.FromSeconds(1), TimeProvider.System, _logger).WatchAsync(cancellationToken);

    /// <inheritdoc />
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            var docker = await DockerAsync(cancellationToken).ConfigureAwait(false);
            await docker.System.PingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or DockerApiException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new RuntimeUnreachableException($"The Docker engine does not answer ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    /// <inheritdoc />
    public async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        var docker = await DockerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await docker.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private string ContainerNameOf(string sessionId) => Names.ContainerNameOf(sessionId);

    private async Task<RuntimeState> AdoptAsync(
        ContainerInspectResponse container, string sessionId, IProgress<RuntimeProgress> progress, CancellationToken cancellationToken)
    {
        var name = container.Name.TrimStart('/');
        if (EngineLabels.Get(container.Config?.Labels, Labels.Session) != sessionId || !Names.Owns(container.Config?.Labels))
        {
            throw new RuntimeException("name_conflict", $"The container {name} exists but was not created for session {sessionId}.");
        }

        Log.Adopted(_logger, sessionId, name, container.State?.Status ?? "?");

        // Created but never started (a start interrupted between create and start): finish the start.
        // Exited is left as it is: restarting a crashed notebook hides the crash; ObserveAsync reports it.
        if (container.State?.Status == "created")
        {
            progress.Report(new RuntimeProgress(60, "Starting the container"));
            await StartCreatedAsync(container.ID, name, (int)(container.HostConfig?.DeviceRequests?.Sum(d => d.Count) ?? 0), cancellationToken).ConfigureAwait(false);
        }

        progress.Report(new RuntimeProgress(80, "The container is running"));
        return ContainerPhases.StateOf(container.ID, name);
    }

    private async Task StartCreatedAsync(string containerId, string name, int gpus, CancellationToken cancellationToken)
    {
        var docker = await DockerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await docker.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (gpus > 0 && (e.ResponseBody ?? "").Contains("device driver", StringComparison.OrdinalIgnoreCase))
        {
            // GPUs are checked when the container starts, not when it is created.
            throw new RuntimeException("gpu_unavailable", $"The engine has no GPU driver for {gpus} GPU(s): {EngineMessage(e)}", e);
        }
        catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.InternalServerError
            && (e.ResponseBody ?? "").Contains("OCI runtime", StringComparison.Ordinal))
        {
            // The runtime could not even launch the command (not found, not executable): not worth retrying.
            throw new RuntimeException("start_failed", $"The container {name} could not start: {EngineMessage(e)}", e);
        }
    }

    /// <summary>
    /// Inspects a container whose create just answered 409. The engine reserves the name before the container
    /// can be inspected, so for a moment the name is taken and yet nothing answers to it.
    /// </summary>
    private async Task<ContainerInspectResponse?> InspectConcurrentlyCreatedAsync(string name, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await TryInspectAsync(name, cancellationToken).ConfigureAwait(false) is { } container)
            {
                return container;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private async Task EnsureNotebookImageAsync(string image, CancellationToken cancellationToken)
    {
        if (!await ImageExistsAsync(image, cancellationToken).ConfigureAwait(false))
        {
            throw new RuntimeException("image_missing", $"The notebook image {image} is not on the engine (images are built, never pulled).");
        }
    }

    private async Task EnsureHomeVolumeAsync(RuntimeSpec spec, CancellationToken cancellationToken)
    {
        var docker = await DockerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await docker.Volumes.InspectAsync(Names.HomeVolumeOf(spec.Home), cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Creating a volume whose name exists answers with that volume, so a concurrent create is harmless.
            try
            {
                await docker.Volumes.CreateAsync(
                    new VolumesCreateParameters
                    {
                        Name = Names.HomeVolumeOf(spec.Home),
                        Labels = Names.Mark(new Dictionary<string, string> { [Labels.Managed] = "true", [Labels.Member] = spec.MemberId }),
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (DockerApiException refused) when (refused.StatusCode == HttpStatusCode.BadRequest)
            {
                throw new RuntimeException("invalid_spec", $"The engine refused the home volume {Names.HomeVolumeOf(spec.Home)}: {EngineMessage(refused)}", refused);
            }
        }
    }

    /// <summary>
    /// Returns the network of <paramref name="egress"/>, created if missing, after making the host's fence cover it
    /// (and every other sessions' network of this installation).
    /// </summary>
    private async Task<NetworkResponse> EnsureNetworkAsync(EgressPolicy egress, CancellationToken cancellationToken)
    {
        var name = SessionNetworks.NameOf(Names.NetworkStem, egress);

        // The engine's duplicate-name check is not atomic: concurrent creates make several networks of one name.
        // The lock stops that within this process; across processes every caller picks the same one (lowest id).
        await _networkLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var network = await FindNetworkAsync(name, cancellationToken).ConfigureAwait(false);
            if (network is null)
            {
                var docker = await DockerAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await docker.Networks.CreateNetworkAsync(
                        new NetworksCreateParameters
                        {
                            Name = name,
                            Driver = "bridge",
                            Internal = SessionNetworks.IsInternal(egress),
                            EnableIPv6 = false,

                            // Sandboxes of different members must not reach each other; the host still reaches each.
                            Options = new Dictionary<string, string> { [IccOption] = "false" },
                            Labels = SessionNetworks.LabelsOf(Names, egress),
                        },
                        cancellationToken).ConfigureAwait(false);
                }
                catch (DockerApiException conflict) when (conflict.StatusCode == HttpStatusCode.Conflict)
                {
                    // Created concurrently: checked below like any existing network.
                }

                network = await FindNetworkAsync(name, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The network {name} vanished right after it was created.");
            }

            // A network of that name made by someone else (or by hand) could let sandboxes out or to each other: refuse it.
            var insecure = InsecurityOf(network, egress);
            if (insecure is not null)
            {
                throw new RuntimeException("network_insecure", $"The network {name} exists but {insecure}; remove it so Sandbox can create it as it must be.");
            }

            await EnsureFenceLockedAsync(cancellationToken).ConfigureAwait(false);
            return network;
        }
        finally
        {
            _networkLock.Release();
        }
    }

    /// <summary>
    /// Makes the host's packet filter fence every sessions' network of this installation: at start (sandboxes the
    /// orchestrator adopts keep running on them) and before every new sandbox.
    /// </summary>
    internal async Task EnsureFenceAsync(CancellationToken cancellationToken)
    {
        await _networkLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureFenceLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _networkLock.Release();
        }
    }

    private async Task EnsureFenceLockedAsync(CancellationToken cancellationToken)
    {
        var docker = await DockerAsync(cancellationToken).ConfigureAwait(false);
        var networks = await docker.Networks.ListNetworksAsync(
            new NetworksListParameters { Filters = EngineFilters.Labels($"{Labels.Fence}={Names.NetworkStem}") }, cancellationToken).ConfigureAwait(false);
        var fenced = networks
            .Where(n => n.Driver == "bridge" && Names.Owns(n.Labels))
            .Select(n => SessionNetworks.Fenced(Labels, n))
            .ToList();
        await Fence.EnsureAsync(fenced, cancellationToken).ConfigureAwait(false);
    }

    private string? InsecurityOf(NetworkResponse network, EgressPolicy egress)
    {
        if (network.Driver != "bridge")
        {
            return $"its driver is {network.Driver}, not bridge";
        }

        if (EngineLabels.Get(network.Options, IccOption) != "false")
        {
            return $"lacks {IccOption}=false";
        }

        if (network.Internal != SessionNetworks.IsInternal(egress))
        {
            return network.Internal ? "is internal where this policy needs a route out" : "is not internal";
        }

        if (network.EnableIPv6)
        {
            return "has IPv6 on (the fence filters IPv4 only)";
        }

        // The fence reads the policy from the labels: they must say what this network is for.
        var labels = network.Labels;
        if (!Names.Owns(labels))
        {
            return "it belongs to another installation";
        }

        if (EngineLabels.Get(labels, Labels.Fence) != Names.NetworkStem || !SessionNetworks.PolicyOf(Labels, labels).Equals(egress))
        {
            return $"its labels do not say it is this installation's network for egress '{egress}'";
        }

        return null;
    }

    private async Task<NetworkResponse?> FindNetworkAsync(string name, CancellationToken cancellationToken)
    {
        var docker = await DockerAsync(cancellationToken).ConfigureAwait(false);
        var candidates = await docker.Networks.ListNetworksAsync(
            new NetworksListParameters { Filters = EngineFilters.Of("name", name) }, cancellationToken).ConfigureAwait(false);
        return candidates
            .Where(n => n.Name == name)
            .OrderBy(n => n.ID, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static RuntimeException RefusedCreate(DockerApiException e, RuntimeSpec spec)
    {
        if (e.StatusCode == HttpStatusCode.NotFound && (e.ResponseBody ?? "").Contains("No such image", StringComparison.OrdinalIgnoreCase))
        {
            return new RuntimeException("image_missing", $"The notebook image {spec.Image} is not on the engine.", e);
        }

        if (e.StatusCode == HttpStatusCode.BadRequest)
        {
            return new RuntimeException("invalid_spec", $"The engine refused the sandbox's configuration: {EngineMessage(e)}", e);
        }

        // Anything else (a 500 from a busy engine) is transient: the caller retries.
        return new RuntimeException("create_failed", $"The engine could not create the sandbox: {EngineMessage(e)}", e);
    }

    private async Task<ContainerInspectResponse?> FindAsync(string sessionId, RuntimeState? saved, CancellationToken cancellationToken)
    {
        // The saved id is tried first; the name (unique per session) finds a container recreated since.
        if (saved?.Values.GetValueOrDefault(RuntimeStateKeys.ContainerId) is { Length: > 0 } savedId
            && await TryInspectAsync(savedId, cancellationToken).ConfigureAwait(false) is { } byId
            && EngineLabels.Get(byId.Config?.Labels, Labels.Session) == sessionId
            && Names.Owns(byId.Config?.Labels))
        {
            return byId;
        }

        var byName = await TryInspectAsync(ContainerNameOf(sessionId), cancellationToken).ConfigureAwait(false);
        return byName is not null && EngineLabels.Get(byName.Config?.Labels, Labels.Session) == sessionId && Names.Owns(byName.Config?.Labels) ? byName : null;
    }

    private async Task<ContainerInspectResponse?> TryInspectAsync(string idOrName, CancellationToken cancellationToken)
    {
        var docker = await DockerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await docker.Containers.InspectContainerAsync(idOrName, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private Uri? EndpointOf(ContainerInspectResponse container, string sessionId)
    {
        // Sandboxes created before networks were per egress policy carry no network label: they are on the stem's network.
        var networkName = EngineLabels.Get(container.Config?.Labels, Labels.Network) ?? Names.NetworkStem;
        var address = container.NetworkSettings?.Networks is { } attached && attached.TryGetValue(networkName, out var endpoint) ? endpoint?.IPAddress : null;
        if (string.IsNullOrEmpty(address) || !IPAddress.TryParse(address, out var ip))
        {
            Log.NoAddress(_logger, sessionId, networkName);
            return null;
        }

        return NotebookPortOf(container) is { } port ? new UriBuilder(Uri.UriSchemeHttp, ip.ToString(), port).Uri : null;
    }

    // Nothing is published, so the engine does not know the notebook's port: the create request records it
    // in a label, which also lets an orchestrator that restarted without saved state find it.
    private int? NotebookPortOf(ContainerInspectResponse container) =>
        EngineLabels.Get(container.Config?.Labels, Labels.NotebookPort) is { } port
        && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private async Task RemoveQuietlyAsync(string containerId)
    {
        try
        {
            // Not the caller's token: cleanup must happen even when the start was cancelled.
            var docker = await DockerAsync(CancellationToken.None).ConfigureAwait(false);
            await docker.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            Log.CleanupFailed(_logger, containerId, e);
        }
    }

    /// <summary>The engine answers errors as <c>{"message": "..."}</c>; the message alone reads well in a session's reason.</summary>
    internal static string EngineMessage(DockerApiException e)
    {
        try
        {
            using var body = System.Text.Json.JsonDocument.Parse(e.ResponseBody ?? "");
            return body.RootElement.TryGetProperty("message", out var message) ? message.GetString() ?? "" : e.ResponseBody ?? "";
        }
        catch (System.Text.Json.JsonException)
        {
            return e.ResponseBody ?? e.Message;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Session {SessionId}: created container {ContainerName} ({ContainerId})")]
        public static partial void Created(ILogger logger, string sessionId, string containerName, string containerId);

        [LoggerMessage(2, LogLevel.Information, "Session {SessionId}: adopted existing container {ContainerName} ({Status})")]
        public static partial void Adopted(ILogger logger, string sessionId, string containerName, string status);

        [LoggerMessage(3, LogLevel.Warning, "Session {SessionId}: start failed, removing container {ContainerName}")]
        public static partial void RemovingAfterFailedStart(ILogger logger, string sessionId, string containerName, Exception failure);

        [LoggerMessage(4, LogLevel.Error, "Could not remove container {ContainerId} after a failed start; the reconciler's list will find it")]
        public static partial void CleanupFailed(ILogger logger, string containerId, Exception failure);

        [LoggerMessage(5, LogLevel.Information, "Session {SessionId}: stopped and removed container {ContainerId}")]
        public static partial void Stopped(ILogger logger, string sessionId, string containerId);

        [LoggerMessage(6, LogLevel.Warning, "Session {SessionId}: the running container has no address on network {NetworkName}")]
        public static partial void NoAddress(ILogger logger, string sessionId, string networkName);
    }
}
