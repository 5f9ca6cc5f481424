using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Sandbox.KubernetesDouble.Node;

/// <summary>
/// One scheduled pod on the engine, as the kubelet runs it: volumes, image pulls (with back-off), init containers one after
/// another to completion, then the containers; its status written back to the store at each step, and then kept current
/// from the engine's events (<see cref="Wake"/>) until every container has terminated. Containers are not restarted
/// (every <c>restartPolicy</c> acts as <c>Never</c> once running).
/// </summary>
internal sealed class PodRun(NodeContext node, JsonObject pod) : IDisposable
{
    private static readonly HttpClient ProbeClient = new();

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, bool> _oomKilled = new();
    private readonly Dictionary<string, JsonObject> _statuses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _containerIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Mount> _volumes = new(StringComparer.Ordinal);
    private readonly object _statusGate = new();
    private readonly Dictionary<string, bool> _probeReady = new(StringComparer.Ordinal);
    private Task _task = Task.CompletedTask;
    private string? _podIp;
    private string? _lastRefresh;

    public string Namespace { get; } = PodJson.Str(pod, "metadata", "namespace") ?? "default";
    public string Name { get; } = PodJson.Str(pod, "metadata", "name") ?? "";
    public string Uid { get; } = PodJson.Str(pod, "metadata", "uid") ?? "";

    /// <summary>Poked by engine events about the pod's containers and by secret changes.</summary>
    public AsyncSignal Wake { get; } = new();

    private IEnumerable<JsonObject> InitContainers => PodJson.Objects(pod, "spec", "initContainers");
    private IEnumerable<JsonObject> Containers => PodJson.Objects(pod, "spec", "containers");

    public void Start() => _task = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Notes that the engine reported an OOM kill of a container.</summary>
    public void NoteOom(string containerId) => _oomKilled[containerId] = true;

    /// <summary>Stops driving the pod (its containers keep running); waits until the run has let go.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>
    /// Writes the final state after the node stopped the containers: the containers' states and <paramref name="phase"/>
    /// with a pod-level reason in one write, as the kubelet's status for a killed pod carries both (a watcher never sees
    /// the containers terminated without the reason).
    /// </summary>
    public Task FinishAsync(string phase, string? reason, string? message) =>
        RefreshContainersAsync(CancellationToken.None, p =>
        {
            var status = PodJson.Child(p, "status");
            status["phase"] = phase;
            if (reason is not null)
            {
                status["reason"] = reason;
                status["message"] = message;
            }

            PodJson.SetCondition(p, "Ready", false, "PodFailed");
            PodJson.SetCondition(p, "ContainersReady", false, "PodFailed");
        });

    public void Dispose()
    {
        _stop.Dispose();
        Wake.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RemoveLeftoversAsync(cancellationToken).ConfigureAwait(false);
            foreach (var container in InitContainers)
            {
                SetWaiting(container, "PodInitializing", null);
            }

            foreach (var container in Containers)
            {
                SetWaiting(container, InitContainers.Any() ? "PodInitializing" : "ContainerCreating", null);
            }

            Write(p =>
            {
                var status = PodJson.Child(p, "status");
                status["phase"] = "Pending";
                status["hostIP"] = node.HostIp;
                status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = node.HostIp });
                status["startTime"] = PodJson.Time(DateTimeOffset.UtcNow);
                status["qosClass"] = PodResources.QosClassOf(pod);
                PodJson.SetCondition(p, "PodReadyToStartContainers", false);
                PodJson.SetCondition(p, "Initialized", !InitContainers.Any(), InitContainers.Any() ? "ContainersNotInitialized" : null);
                PodJson.SetCondition(p, "Ready", false, "ContainersNotReady");
                PodJson.SetCondition(p, "ContainersReady", false, "ContainersNotReady");
            });

            await PrepareVolumesAsync(cancellationToken).ConfigureAwait(false);
            Write(p => PodJson.SetCondition(p, "PodReadyToStartContainers", true));

            foreach (var container in InitContainers)
            {
                await EnsureImageAsync(container, cancellationToken).ConfigureAwait(false);
                var id = await CreateAsync(container, init: true, cancellationToken).ConfigureAwait(false);
                await StartAsync(container, id, cancellationToken).ConfigureAwait(false);
                var exit = await node.Docker.Containers.WaitContainerAsync(id, cancellationToken).ConfigureAwait(false);
                await RefreshContainersAsync(cancellationToken).ConfigureAwait(false);
                if (exit.StatusCode != 0)
                {
                    Write(p =>
                    {
                        PodJson.Child(p, "status")["phase"] = "Failed";
                        PodJson.SetCondition(p, "Initialized", false, "ContainersNotInitialized", $"containers with incomplete status: [{PodJson.Str(container, "name")}]");
                    });
                    return;
                }
            }

            Write(p => PodJson.SetCondition(p, "Initialized", true));
            foreach (var container in Containers)
            {
                await EnsureImageAsync(container, cancellationToken).ConfigureAwait(false);
            }

            var ids = new List<(JsonObject Container, string Id)>();
            foreach (var container in Containers)
            {
                ids.Add((container, await CreateAsync(container, init: false, cancellationToken).ConfigureAwait(false)));
            }

            foreach (var (container, id) in ids)
            {
                await StartAsync(container, id, cancellationToken).ConfigureAwait(false);
            }

            while (true)
            {
                await ProbeAsync(cancellationToken).ConfigureAwait(false);
                if (await RefreshContainersAsync(cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                // Engine events wake it; otherwise the next readiness probe is due (or a stream that was not open yet is covered).
                await Wake.WaitAsync(ProbePeriod(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The node took the pod over (deletion, eviction, shutdown).
        }
        catch (Exception e) when (e is DockerApiException or InvalidOperationException or IOException or HttpRequestException)
        {
            // What the kubelet would retry; the double reports it and stops driving the pod.
            Write(p =>
            {
                var status = PodJson.Child(p, "status");
                status["phase"] = "Failed";
                status["reason"] = "NodeError";
                status["message"] = e.Message;
            });
        }
    }

    /// <summary>The shortest <c>readinessProbe.periodSeconds</c> (default 10 s), or 5 s without probes.</summary>
    private TimeSpan ProbePeriod()
    {
        var periods = Containers.Select(c => PodJson.Obj(c, "readinessProbe")).OfType<JsonObject>().Select(p => PodJson.Long(p, "periodSeconds") ?? 10).ToList();
        return TimeSpan.FromSeconds(periods.Count == 0 ? 5 : Math.Max(1, periods.Min()));
    }

    /// <summary>Runs the <c>httpGet</c> readiness probes of the running containers against the pod IP (2xx and 3xx pass).</summary>
    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        if (_podIp is null)
        {
            return;
        }

        foreach (var container in Containers)
        {
            if (PodJson.Obj(container, "readinessProbe", "httpGet") is not { } get)
            {
                continue;
            }

            var port = PodJson.Long(get, "port") ?? PodJson.Objects(container, "ports")
                .Where(p => PodJson.Str(p, "name") == PodJson.Str(get, "port")).Select(p => PodJson.Long(p, "containerPort")).FirstOrDefault();
            var path = PodJson.Str(get, "path") ?? "/";
            var timeout = TimeSpan.FromSeconds(PodJson.Long(container, "readinessProbe", "timeoutSeconds") ?? 1);
            bool ready;
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(timeout);
                using var answer = await ProbeClient.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{_podIp}:{port}{path}")), limit.Token).ConfigureAwait(false);
                ready = (int)answer.StatusCode is >= 200 and < 400;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                ready = false;
            }

            lock (_statusGate)
            {
                _probeReady[PodJson.Str(container, "name") ?? ""] = ready;
            }
        }
    }

    /// <summary>Containers of an earlier run of the same pod (a node restarted on the same store) go first.</summary>
    private async Task RemoveLeftoversAsync(CancellationToken cancellationToken)
    {
        var old = await node.Docker.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = NodeLabels.Filter($"{node.Labels.PodUid}={Uid}") }, cancellationToken).ConfigureAwait(false);
        foreach (var container in old)
        {
            await node.Docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PrepareVolumesAsync(CancellationToken cancellationToken)
    {
        foreach (var volume in PodJson.Objects(pod, "spec", "volumes"))
        {
            var name = PodJson.Str(volume, "name") ?? "";
            if (volume["emptyDir"] is JsonObject emptyDir)
            {
                var options = new Dictionary<string, string>();
                if (PodJson.Str(emptyDir, "medium") == "Memory")
                {
                    options["type"] = "tmpfs";
                    options["device"] = "tmpfs";
                    options["o"] = PodJson.Str(emptyDir, "sizeLimit") is { } size
                        ? string.Create(CultureInfo.InvariantCulture, $"size={(long)PodResources.Parse(size)}")
                        : "size=64m";
                }

                var created = await node.Docker.Volumes.CreateAsync(new VolumesCreateParameters
                {
                    Name = $"kubedouble-{Uid}-{name}",
                    Driver = "local",
                    DriverOpts = options,
                    Labels = node.Labels.Of((node.Labels.PodUid, Uid), (node.Labels.Namespace, Namespace), (node.Labels.Pod, Name)),
                }, cancellationToken).ConfigureAwait(false);
                await ChownAsync(created.Mountpoint, cancellationToken).ConfigureAwait(false);
                _volumes[name] = new Mount { Type = "volume", Source = created.Name };
            }
            else if (PodJson.Str(volume, "persistentVolumeClaim", "claimName") is { } claim)
            {
                var (dockerName, mountpoint) = await node.ClaimVolumeAsync(Namespace, claim, cancellationToken).ConfigureAwait(false);
                await ChownAsync(mountpoint, cancellationToken).ConfigureAwait(false);
                _volumes[name] = new Mount { Type = "volume", Source = dockerName };
            }
            else if (PodJson.Str(volume, "image", "reference") is { } reference)
            {
                await EnsureImageAsync(null, reference, PodJson.Str(volume, "image", "pullPolicy"), cancellationToken).ConfigureAwait(false);
                var folder = await node.ImageVolumes.FolderOfAsync(reference, cancellationToken).ConfigureAwait(false);
                _volumes[name] = new Mount { Type = "bind", Source = folder, ReadOnly = true };
            }
            else
            {
                throw new InvalidOperationException($"volume \"{name}\": only emptyDir, persistentVolumeClaim and image volumes are modelled by the double");
            }
        }
    }

    /// <summary>A new volume belongs to root; like fsGroup ownership on Kubernetes, it goes to the pod's user and group.</summary>
    private async Task ChownAsync(string mountpoint, CancellationToken cancellationToken)
    {
        var user = PodJson.Long(pod, "spec", "securityContext", "runAsUser");
        var group = PodJson.Long(pod, "spec", "securityContext", "fsGroup") ?? PodJson.Long(pod, "spec", "securityContext", "runAsGroup");
        if (user is null && group is null)
        {
            return;
        }

        var info = new DirectoryInfo(mountpoint);
        if (info.UnixFileMode.HasFlag(UnixFileMode.SetGroup))
        {
            return; // Done on an earlier use.
        }

        var owner = string.Create(CultureInfo.InvariantCulture, $"{user ?? 0}:{group ?? user ?? 0}");
        using var chown = Process.Start(new ProcessStartInfo("chown", [owner, mountpoint]) { RedirectStandardError = true })!;
        await chown.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown {owner} {mountpoint} failed: {await chown.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false)}");
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        info.UnixFileMode = info.UnixFileMode | UnixFileMode.SetGroup | UnixFileMode.GroupWrite | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
    }

    private Task EnsureImageAsync(JsonObject container, CancellationToken cancellationToken) =>
        EnsureImageAsync(container, PodJson.Str(container, "image") ?? "", PodJson.Str(container, "imagePullPolicy"), cancellationToken);

    /// <summary>Pulls as the policy says, reporting on <paramref name="container"/> (or the first container for a volume's image), backing off after failures.</summary>
    private async Task EnsureImageAsync(JsonObject? container, string image, string? policy, CancellationToken cancellationToken)
    {
        var reportOn = container ?? InitContainers.Concat(Containers).First();
        var containerName = PodJson.Str(reportOn, "name");
        var backOff = node.Options.ImagePullBackOff;
        while (true)
        {
            if (!await node.Images.NeedsPullAsync(image, policy, cancellationToken).ConfigureAwait(false))
            {
                if (policy == "Never" && !await node.Images.PresentAsync(image, cancellationToken).ConfigureAwait(false))
                {
                    var never = $"Container image \"{image}\" is not present with pull policy of Never";
                    SetWaiting(reportOn, "ErrImageNeverPull", never);
                    node.Events.Warning(pod, "ErrImageNeverPull", never, container: containerName);
                    await Task.Delay(backOff, cancellationToken).ConfigureAwait(false); // the kubelet's back-off, which the node models
                    continue;
                }

                node.Events.Normal(pod, "Pulled", $"Container image \"{image}\" already present on machine", container: containerName);
                return;
            }

            node.Events.Normal(pod, "Pulling", $"Pulling image \"{image}\"", container: containerName);
            var watch = Stopwatch.StartNew();
            var error = await node.Images.PullAsync(image, cancellationToken).ConfigureAwait(false);
            if (error is null)
            {
                node.Events.Normal(pod, "Pulled", string.Create(CultureInfo.InvariantCulture, $"Successfully pulled image \"{image}\" in {watch.Elapsed.TotalSeconds:0.###}s"), container: containerName);
                return;
            }

            SetWaiting(reportOn, "ErrImagePull", error);
            node.Events.Warning(pod, "Failed", $"Failed to pull image \"{image}\": {error}", container: containerName);
            node.Events.Warning(pod, "Failed", "Error: ErrImagePull", container: containerName);
            SetWaiting(reportOn, "ImagePullBackOff", $"Back-off pulling image \"{image}\"");
            node.Events.Normal(pod, "BackOff", $"Back-off pulling image \"{image}\"", container: containerName);
            node.Events.Warning(pod, "Failed", "Error: ImagePullBackOff", container: containerName);
            await Task.Delay(backOff, cancellationToken).ConfigureAwait(false); // the kubelet's image pull back-off, which the node models
            backOff = TimeSpan.FromTicks(Math.Min(backOff.Ticks * 2, node.Options.MaxImagePullBackOff.Ticks));
        }
    }

    /// <summary>Creates the container; while its configuration cannot be resolved (a missing secret), waits in <c>CreateContainerConfigError</c>.</summary>
    private async Task<string> CreateAsync(JsonObject container, bool init, CancellationToken cancellationToken)
    {
        var name = PodJson.Str(container, "name") ?? "";
        CreateContainerParameters? parameters;
        while ((parameters = await ParametersOfAsync(container, init, cancellationToken).ConfigureAwait(false)) is null)
        {
            // A secret change wakes it; otherwise it tries again as the kubelet's sync does.
            await Wake.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }

        var created = await node.Docker.Containers.CreateContainerAsync(parameters, cancellationToken).ConfigureAwait(false);
        lock (_statusGate)
        {
            _containerIds[name] = created.ID;
        }

        node.Events.Normal(pod, "Created", $"Created container: {name}", container: name);
        return created.ID;
    }

    private async Task StartAsync(JsonObject container, string id, CancellationToken cancellationToken)
    {
        var name = PodJson.Str(container, "name") ?? "";
        await node.Docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
        node.Events.Normal(pod, "Started", $"Started container {name}", container: name);
    }

    /// <summary>The engine's request for <paramref name="container"/>, or null (status and event written) when it cannot be made yet.</summary>
    private async Task<CreateContainerParameters?> ParametersOfAsync(JsonObject container, bool init, CancellationToken cancellationToken)
    {
        var name = PodJson.Str(container, "name") ?? "";
        var image = PodJson.Str(container, "image") ?? "";
        var error = ResolveEnvironment(container, out var env);
        var context = PodJson.Obj(container, "securityContext");
        var podContext = PodJson.Obj(pod, "spec", "securityContext");
        var user = PodJson.Long(context, "runAsUser") ?? PodJson.Long(podContext, "runAsUser");
        var group = PodJson.Long(context, "runAsGroup") ?? PodJson.Long(podContext, "runAsGroup");
        if (error is null && (PodJson.Bool(context, "runAsNonRoot") ?? PodJson.Bool(podContext, "runAsNonRoot")) == true)
        {
            error = await RootCheckAsync(image, user, cancellationToken).ConfigureAwait(false);
        }

        if (error is not null)
        {
            SetWaiting(container, "CreateContainerConfigError", error);
            node.Events.Warning(pod, "Failed", "Error: " + error, container: name);
            return null;
        }

        var mounts = new List<Mount>();
        foreach (var volumeMount in PodJson.Objects(container, "volumeMounts"))
        {
            var volumeName = PodJson.Str(volumeMount, "name") ?? "";
            if (!_volumes.TryGetValue(volumeName, out var volume))
            {
                error = $"volume \"{volumeName}\" is mounted but not defined";
                break;
            }

            var target = PodJson.Str(volumeMount, "mountPath") ?? "";
            var readOnly = PodJson.Bool(volumeMount, "readOnly") == true || volume.ReadOnly == true;
            var subPath = PodJson.Str(volumeMount, "subPath");
            if (string.IsNullOrEmpty(subPath))
            {
                mounts.Add(new Mount { Type = volume.Type, Source = volume.Source, Target = target, ReadOnly = readOnly });
                continue;
            }

            // A sub-path is a bind mount of a folder inside the volume (Engine 20.10 has no volume sub-paths).
            var root = volume.Type == "bind" ? volume.Source! : (await node.Docker.Volumes.InspectAsync(volume.Source!, cancellationToken).ConfigureAwait(false)).Mountpoint;
            var source = Path.GetFullPath(Path.Combine(root, subPath));
            if (!source.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal) || subPath.Split('/').Contains(".."))
            {
                error = $"subPath \"{subPath}\" leaves volume \"{volumeName}\"";
                break;
            }

            if (volume.Type != "bind")
            {
                Directory.CreateDirectory(source);
            }
            else if (!Path.Exists(source))
            {
                error = $"subPath \"{subPath}\" does not exist in volume \"{volumeName}\"";
                break;
            }

            mounts.Add(new Mount { Type = "bind", Source = source, Target = target, ReadOnly = readOnly });
        }

        if (error is not null)
        {
            SetWaiting(container, "CreateContainerConfigError", error);
            node.Events.Warning(pod, "Failed", "Error: " + error, container: name);
            return null;
        }

        if (PodResources.Limit(container, PodResources.GpuResource) > 0)
        {
            env.Add("NVIDIA_VISIBLE_DEVICES=void"); // Fake capacity: a marker, no device.
        }

        var groups = new List<string>();
        if (PodJson.Long(podContext, "fsGroup") is { } fsGroup)
        {
            groups.Add(fsGroup.ToString(CultureInfo.InvariantCulture));
        }

        if (podContext?["supplementalGroups"] is JsonArray supplemental)
        {
            groups.AddRange(supplemental.Select(g => g?.ToString()).OfType<string>());
        }

        var securityOptions = new List<string>();
        if (PodJson.Bool(context, "allowPrivilegeEscalation") == false)
        {
            securityOptions.Add("no-new-privileges");
        }

        if ((PodJson.Str(context, "seccompProfile", "type") ?? PodJson.Str(podContext, "seccompProfile", "type")) == "Unconfined")
        {
            securityOptions.Add("seccomp=unconfined");
        }

        var cpu = PodResources.Limit(container, "cpu");
        var memory = PodResources.Limit(container, "memory");
        var args = PodJson.Strings(container, "args");
        var command = PodJson.Strings(container, "command");
        return new CreateContainerParameters
        {
            Name = $"k8s_{name}_{Name}_{Namespace}_{Uid[..Math.Min(8, Uid.Length)]}",
            Image = image,
            Hostname = Name.Length <= 63 ? Name : Name[..63],
            Cmd = args.Count > 0 ? args.ToList() : null!,
            Entrypoint = command.Count > 0 ? command.ToList() : null!,
            WorkingDir = PodJson.Str(container, "workingDir")!,
            Env = env,
            User = user is null ? null! : group is null ? user.Value.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{user}:{group}"),
            Labels = node.Labels.Of(
                (node.Labels.PodUid, Uid), (node.Labels.Namespace, Namespace), (node.Labels.Pod, Name), (node.Labels.Container, name),
                (node.Labels.Init, init ? "true" : "false")),
            HostConfig = new HostConfig
            {
                NetworkMode = node.Options.PodNetwork,
                Mounts = mounts,
                ReadonlyRootfs = PodJson.Bool(context, "readOnlyRootFilesystem") == true,
                Privileged = PodJson.Bool(context, "privileged") == true,
                CapDrop = PodJson.Strings(context, "capabilities", "drop").ToList(),
                CapAdd = PodJson.Strings(context, "capabilities", "add").ToList(),
                SecurityOpt = securityOptions,
                GroupAdd = groups,
                // The engine refuses more CPUs than the host has; the node's allocatable CPU may be larger (it is modelled).
                NanoCPUs = cpu is null ? 0 : (long)(Math.Min(cpu.Value, Environment.ProcessorCount) * 1_000_000_000m),
                Memory = memory is null ? 0 : (long)memory.Value,
                MemorySwap = memory is null ? 0 : (long)memory.Value,
                PidsLimit = node.Options.PodPidsLimit,
            },
        };
    }

    /// <summary>The kubelet's <c>runAsNonRoot</c> check against the user the container would run as.</summary>
    private async Task<string?> RootCheckAsync(string image, long? user, CancellationToken cancellationToken)
    {
        if (user is { } uid)
        {
            return uid == 0 ? $"container's runAsUser breaks non-root policy (pod: \"{Name}_{Namespace}({Uid})\", container: {image})" : null;
        }

        var imageUser = (await node.Docker.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false)).Config?.User ?? "";
        var userPart = imageUser.Split(':')[0];
        if (userPart is "" or "0" or "root")
        {
            return $"container has runAsNonRoot and image will run as root (pod: \"{Name}_{Namespace}({Uid})\", container: {image})";
        }

        return long.TryParse(userPart, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? null
            : $"container has runAsNonRoot and image has non-numeric user ({userPart}), cannot verify user is non-root (pod: \"{Name}_{Namespace}({Uid})\", container: {image})";
    }

    /// <summary>The container's environment with <c>secretKeyRef</c> and simple <c>fieldRef</c>s resolved; null, or what is missing.</summary>
    private string? ResolveEnvironment(JsonObject container, out List<string> env)
    {
        env = [];
        foreach (var variable in PodJson.Objects(container, "env"))
        {
            var name = PodJson.Str(variable, "name") ?? "";
            if (PodJson.Obj(variable, "valueFrom", "secretKeyRef") is { } reference)
            {
                var secretName = PodJson.Str(reference, "name") ?? "";
                var key = PodJson.Str(reference, "key") ?? "";
                var optional = PodJson.Bool(reference, "optional") == true;
                var secret = node.Store.Get("secrets", Namespace, secretName);
                if (secret is null)
                {
                    if (optional)
                    {
                        continue;
                    }

                    return $"secret \"{secretName}\" not found";
                }

                if (SecretValue(secret, key) is not { } value)
                {
                    if (optional)
                    {
                        continue;
                    }

                    return $"couldn't find key {key} in Secret {Namespace}/{secretName}";
                }

                env.Add($"{name}={value}");
            }
            else if (PodJson.Str(variable, "valueFrom", "fieldRef", "fieldPath") is { } field)
            {
                env.Add($"{name}=" + field switch
                {
                    "metadata.name" => Name,
                    "metadata.namespace" => Namespace,
                    "metadata.uid" => Uid,
                    "spec.nodeName" => node.Options.NodeName,
                    _ => "",
                });
            }
            else
            {
                env.Add($"{name}={PodJson.Str(variable, "value")}");
            }
        }

        return null;
    }

    /// <summary>A key of a secret: <c>data</c> (base64), or <c>stringData</c> when the store kept it as sent.</summary>
    private static string? SecretValue(JsonObject secret, string key)
    {
        if (PodJson.Str(secret, "data", key) is { } encoded)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return PodJson.Str(secret, "stringData", key);
    }

    /// <summary>Reads every created container from the engine and writes the statuses; true when all the main containers have terminated.</summary>
    /// <param name="final">Applied to the pod in the same write, which then happens even when the containers did not change.</param>
    private async Task<bool> RefreshContainersAsync(CancellationToken cancellationToken, Action<JsonObject>? final = null)
    {
        Dictionary<string, string> ids;
        lock (_statusGate)
        {
            ids = new Dictionary<string, string>(_containerIds);
        }

        var inspected = new Dictionary<string, ContainerInspectResponse>();
        foreach (var (name, id) in ids)
        {
            try
            {
                inspected[name] = await node.Docker.Containers.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                // Removed behind the node's back: it counts as terminated below.
            }
        }

        foreach (var container in InitContainers.Concat(Containers))
        {
            var name = PodJson.Str(container, "name") ?? "";
            if (!ids.TryGetValue(name, out var id))
            {
                continue;
            }

            var status = StatusOf(container, id, inspected.GetValueOrDefault(name));
            lock (_statusGate)
            {
                _statuses[name] = status;
            }

            if (_podIp is null && inspected.GetValueOrDefault(name)?.NetworkSettings?.Networks?.TryGetValue(node.Options.PodNetwork, out var network) == true
                && !string.IsNullOrEmpty(network.IPAddress) && PodJson.Obj(status, "state", "running") is not null)
            {
                _podIp = network.IPAddress;
            }
        }

        var main = Containers.Select(c => PodJson.Str(c, "name") ?? "").ToList();
        List<JsonObject> mainStatuses;
        lock (_statusGate)
        {
            mainStatuses = main.Select(n => _statuses.GetValueOrDefault(n)).OfType<JsonObject>().ToList();
        }

        var allCreated = mainStatuses.Count == main.Count && main.All(ids.ContainsKey);
        var allRunning = allCreated && mainStatuses.All(s => PodJson.Obj(s, "state", "running") is not null && PodJson.Bool(s, "ready") == true);
        var allTerminated = allCreated && mainStatuses.All(s => PodJson.Obj(s, "state", "terminated") is not null);
        string fingerprint;
        lock (_statusGate)
        {
            fingerprint = string.Join("|", _statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value.ToJsonString())) + _podIp;
        }

        if (fingerprint == _lastRefresh && final is null)
        {
            return allTerminated; // Nothing new to write.
        }

        _lastRefresh = fingerprint;
        Write(p =>
        {
            var status = PodJson.Child(p, "status");
            if (_podIp is not null)
            {
                status["podIP"] = _podIp;
                status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = _podIp });
            }

            if (allTerminated)
            {
                var succeeded = mainStatuses.All(s => PodJson.Long(s, "state", "terminated", "exitCode") == 0);
                status["phase"] = succeeded ? "Succeeded" : "Failed";
                PodJson.SetCondition(p, "ContainersReady", false, "PodCompleted");
                PodJson.SetCondition(p, "Ready", false, "PodCompleted");
            }
            else if (allCreated && mainStatuses.Any(s => PodJson.Obj(s, "state", "waiting") is null))
            {
                status["phase"] = "Running";
                PodJson.SetCondition(p, "ContainersReady", allRunning, allRunning ? null : "ContainersNotReady");
                PodJson.SetCondition(p, "Ready", allRunning, allRunning ? null : "ContainersNotReady");
            }

            final?.Invoke(p);
        });
        return allTerminated;
    }

    private JsonObject StatusOf(JsonObject container, string id, ContainerInspectResponse? inspect)
    {
        var name = PodJson.Str(container, "name") ?? "";
        JsonObject state;
        var ready = false;
        if (inspect?.State is { Running: true } running)
        {
            state = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Time(running.StartedAt) } };
            lock (_statusGate)
            {
                ready = PodJson.Obj(container, "readinessProbe") is null || _probeReady.GetValueOrDefault(name);
            }
        }
        else if (inspect?.State is { Status: "created" })
        {
            state = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } };
        }
        else
        {
            var exitCode = inspect?.State?.ExitCode ?? 137;
            var oom = inspect?.State?.OOMKilled == true || _oomKilled.ContainsKey(id);
            state = new JsonObject
            {
                ["terminated"] = new JsonObject
                {
                    ["exitCode"] = exitCode,
                    ["reason"] = oom ? "OOMKilled" : exitCode == 0 ? "Completed" : "Error",
                    ["startedAt"] = Time(inspect?.State?.StartedAt),
                    ["finishedAt"] = Time(inspect?.State?.FinishedAt),
                    ["containerID"] = "docker://" + id,
                },
            };
        }

        return new JsonObject
        {
            ["name"] = name,
            ["image"] = PodJson.Str(container, "image"),
            ["imageID"] = inspect?.Image is { } image ? "docker-pullable://" + image : "",
            ["containerID"] = "docker://" + id,
            ["ready"] = ready,
            ["started"] = state["running"] is not null,
            ["restartCount"] = 0,
            ["state"] = state,
            ["lastState"] = new JsonObject(),
        };
    }

    private static string? Time(string? engineTime) =>
        DateTimeOffset.TryParse(engineTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) && t.Year > 1 ? PodJson.Time(t) : null;

    private void SetWaiting(JsonObject container, string reason, string? message)
    {
        var name = PodJson.Str(container, "name") ?? "";
        var waiting = new JsonObject { ["reason"] = reason };
        if (message is not null)
        {
            waiting["message"] = message;
        }

        lock (_statusGate)
        {
            _statuses[name] = new JsonObject
            {
                ["name"] = name,
                ["image"] = PodJson.Str(container, "image"),
                ["imageID"] = "",
                ["ready"] = false,
                ["started"] = false,
                ["restartCount"] = 0,
                ["state"] = new JsonObject { ["waiting"] = waiting },
                ["lastState"] = new JsonObject(),
            };
        }

        Write(_ => { });
    }

    /// <summary>Writes the container statuses kept here, and whatever <paramref name="mutate"/> changes, into the stored pod.</summary>
    private void Write(Action<JsonObject> mutate) =>
        node.Store.Update("pods", Namespace, Name, p =>
        {
            if (PodJson.Str(p, "metadata", "uid") != Uid)
            {
                return; // Another pod of the same name.
            }

            var status = PodJson.Child(p, "status");
            lock (_statusGate)
            {
                JsonArray Of(IEnumerable<JsonObject> containers) =>
                    new(containers.Select(c => _statuses.GetValueOrDefault(PodJson.Str(c, "name") ?? "")).OfType<JsonObject>().Select(s => (JsonNode)s.DeepClone()).ToArray());
                status["containerStatuses"] = Of(Containers);
                if (InitContainers.Any())
                {
                    status["initContainerStatuses"] = Of(InitContainers);
                }
            }

            mutate(p);
        });
}
