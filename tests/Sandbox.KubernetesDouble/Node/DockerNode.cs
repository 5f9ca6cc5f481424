using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Sandbox.KubernetesDouble.Node;

/// <summary>
/// The double's one node: the scheduler and the kubelet in one, running the store's pods on the local Docker engine.
/// It follows the store (<see cref="IClusterStore.ChangesAsync"/>, after listing what is there), binds pods that fit
/// (<see cref="PodScheduler"/>) and runs them (<see cref="PodRun"/>), ends pods that are being deleted (containers stopped
/// with the grace period, removed with their volumes, then the pod removed from the store), removes a deleted claim's
/// volume once no pod uses it, and serves container logs (<see cref="IPodLogs"/>). On start it removes the containers and
/// volumes of its label prefix that no object in the store accounts for; disposing removes everything this instance made.
/// </summary>
public sealed class DockerNode : IAsyncDisposable, IPodLogs
{
    private readonly IClusterStore _store;
    private readonly DockerNodeOptions _options;
    private readonly DockerClient _docker;
    private readonly NodeLabels _labels;
    private readonly NodeContext _node;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, PodRun> _runs = new();
    private readonly ConcurrentDictionary<string, Task> _endings = new();
    private readonly ConcurrentDictionary<string, byte> _unschedulable = new();
    private readonly SemaphoreSlim _schedulerGate = new(1, 1);
    private readonly SemaphoreSlim _claimGate = new(1, 1);
    private Task _storeLoop = Task.CompletedTask;
    private Task _engineLoop = Task.CompletedTask;
    private bool _createdNetwork;

    private DockerNode(IClusterStore store, DockerNodeOptions options, DockerClient docker)
    {
        _store = store;
        _options = options;
        _docker = docker;
        _labels = new NodeLabels(options.LabelPrefix, options.RunId);
        var events = new PodEventRecorder(store, options.NodeName);
        _node = new NodeContext(
            store, docker, options, _labels, events, new ImagePuller(docker, options),
            new ImageVolumeCache(docker, options.StateDirectory, _labels.Of()), ClaimVolumeAsync);
    }

    /// <summary>The last error the node met acting on a change of the store (it carries on with the next), for tests to show.</summary>
    public Exception? LastFault { get; private set; }

    /// <summary>The node's name.</summary>
    public string Name => _options.NodeName;

    /// <summary>Connects to the engine, prepares the pods network, removes leftovers, and starts following the store.</summary>
    public static async Task<DockerNode> StartAsync(IClusterStore store, DockerNodeOptions options, CancellationToken cancellationToken = default)
    {
        var docker = await DockerEngineClient.ConnectAsync(options.DockerEndpoint, cancellationToken).ConfigureAwait(false);
        var node = new DockerNode(store, options, docker);
        try
        {
            await node.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return node;
    }

    /// <summary>
    /// Evicts a pod as the kubelet does under node pressure: the pod stops being driven, its containers are stopped
    /// (with its grace period), and it ends <c>Failed</c> with reason <c>Evicted</c> and an <c>Evicted</c> event. The
    /// pod object stays until it is deleted. Throws <see cref="InvalidOperationException"/> when the node runs no such pod.
    /// </summary>
    public async Task EvictAsync(string ns, string pod, string message = "The node was low on resource: memory.")
    {
        var stored = _store.Get("pods", ns, pod);
        if (stored is null || PodJson.Str(stored, "spec", "nodeName") != Name || PodJson.Str(stored, "metadata", "uid") is not { } uid
            || !_runs.TryGetValue(uid, out var run))
        {
            throw new InvalidOperationException($"pod {ns}/{pod} does not run on node {Name}");
        }

        await run.StopAsync().ConfigureAwait(false);
        _node.Events.Warning(stored, "Evicted", message);
        await StopContainersAsync(stored, GraceOf(stored), CancellationToken.None).ConfigureAwait(false);
        await run.FinishAsync("Failed", "Evicted", message).ConfigureAwait(false);
        await RetryUnschedulableAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenAsync(PodLogRequest request, CancellationToken cancellationToken)
    {
        var labels = new List<string> { $"{_labels.Namespace}={request.Namespace}", $"{_labels.Pod}={request.Pod}", _labels.Managed + "=true" };
        if (!string.IsNullOrEmpty(request.Container))
        {
            labels.Add($"{_labels.Container}={request.Container}");
        }

        var found = await _docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = NodeLabels.Filter([.. labels]) }, cancellationToken).ConfigureAwait(false);
        var stored = _store.Get("pods", request.Namespace, request.Pod);
        var uid = stored is null ? null : PodJson.Str(stored, "metadata", "uid");
        var target = found
            .Where(c => uid is null || ((c.Labels ?? new Dictionary<string, string>()).TryGetValue(_labels.PodUid, out var podUid) && podUid == uid))
            .OrderBy(c => (c.Labels ?? new Dictionary<string, string>()).TryGetValue(_labels.Init, out var init) && init == "true")
            .ThenBy(c => c.Created)
            .FirstOrDefault();
        if (target is null || target.State == "created")
        {
            return null; // Not started yet (or no such container).
        }

        var logs = await _docker.Containers.GetContainerLogsAsync(
            target.ID,
            new ContainerLogsParameters
            {
                Follow = request.Follow,
                ShowStdout = true,
                ShowStderr = true,
                Timestamps = request.Timestamps,
                Tail = request.TailLines?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all",
            },
            cancellationToken).ConfigureAwait(false);

        // stdout and stderr demultiplexed into one stream, as the kubelet serves them.
        var pipe = new System.IO.Pipelines.Pipe();
        _ = Task.Run(async () =>
        {
            Exception? failure = null;
            try
            {
                var buffer = new byte[16 * 1024];
                while (true)
                {
                    var read = await logs.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                    if (read.EOF)
                    {
                        break;
                    }

                    var flushed = await pipe.Writer.WriteAsync(buffer.AsMemory(0, read.Count), cancellationToken).ConfigureAwait(false);
                    if (flushed.IsCompleted)
                    {
                        break; // The reader went away.
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                failure = cancellationToken.IsCancellationRequested ? null : e;
            }
            finally
            {
                logs.Dispose();
                await pipe.Writer.CompleteAsync(failure).ConfigureAwait(false);
            }
        }, CancellationToken.None);
        return pipe.Reader.AsStream();
    }

    /// <summary>Stops following the store and removes every container, volume and file this instance made.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var task in new[] { _storeLoop, _engineLoop }.Concat(_endings.Values))
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or DockerApiException or HttpRequestException or IOException)
            {
                // Shutting down.
            }
        }

        foreach (var run in _runs.Values)
        {
            await run.StopAsync().ConfigureAwait(false);
            run.Dispose();
        }

        var run_ = $"{_labels.Run}={_options.RunId}";
        foreach (var container in await _docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = NodeLabels.Filter(run_) }).ConfigureAwait(false))
        {
            await IgnoreMissingAsync(() => _docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true })).ConfigureAwait(false);
        }

        var volumes = await _docker.Volumes.ListAsync(new VolumesListParameters { Filters = NodeLabels.Filter(run_) }).ConfigureAwait(false);
        foreach (var volume in volumes.Volumes ?? [])
        {
            await IgnoreMissingAsync(() => _docker.Volumes.RemoveAsync(volume.Name, force: true)).ConfigureAwait(false);
        }

        if (_createdNetwork)
        {
            await IgnoreMissingAsync(() => _docker.Networks.DeleteNetworkAsync(_options.PodNetwork)).ConfigureAwait(false);
        }

        if (Directory.Exists(_options.StateDirectory))
        {
            Directory.Delete(_options.StateDirectory, recursive: true);
        }

        _docker.Dispose();
        _stopping.Dispose();
        _schedulerGate.Dispose();
        _claimGate.Dispose();
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.StateDirectory);
        await EnsureNetworkAsync(cancellationToken).ConfigureAwait(false);
        await SweepAsync(cancellationToken).ConfigureAwait(false);

        var engineOpened = new TaskCompletionSource();
        _engineLoop = Task.Run(() => FollowEngineAsync(engineOpened, _stopping.Token), CancellationToken.None);

        // Subscribe before listing, so that nothing between the list and the first change is lost.
        var changes = _store.ChangesAsync(_stopping.Token).GetAsyncEnumerator(_stopping.Token);
        var first = changes.MoveNextAsync();
        foreach (var claim in _store.List("persistentvolumeclaims", null))
        {
            await OnClaimAsync("ADDED", claim).ConfigureAwait(false);
        }

        foreach (var pod in _store.List("pods", null))
        {
            await OnPodAsync("ADDED", pod).ConfigureAwait(false);
        }

        _storeLoop = Task.Run(() => FollowStoreAsync(changes, first), CancellationToken.None);
    }

    private async Task EnsureNetworkAsync(CancellationToken cancellationToken)
    {
        NetworkResponse network;
        try
        {
            network = await _docker.Networks.InspectNetworkAsync(_options.PodNetwork, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            await _docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = _options.PodNetwork,
                Driver = "bridge",

                // Pods do not reach each other (what the sessions' NetworkPolicies ask); the host reaches every pod.
                Options = new Dictionary<string, string> { ["com.docker.network.bridge.enable_icc"] = "false" },
                Labels = _labels.Of(),
            }, cancellationToken).ConfigureAwait(false);
            _createdNetwork = true;
            network = await _docker.Networks.InspectNetworkAsync(_options.PodNetwork, cancellationToken).ConfigureAwait(false);
        }

        _node.HostIp = network.IPAM?.Config?.FirstOrDefault()?.Gateway ?? "";
    }

    /// <summary>Removes containers and volumes of the label prefix whose pod or claim is not in the store (an earlier run's).</summary>
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var pods = _store.List("pods", null).Select(p => PodJson.Str(p, "metadata", "uid")).OfType<string>().ToHashSet();
        var claims = _store.List("persistentvolumeclaims", null).Select(p => PodJson.Str(p, "metadata", "uid")).OfType<string>().ToHashSet();
        var managed = _labels.Managed + "=true";
        foreach (var container in await _docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = NodeLabels.Filter(managed) }, cancellationToken).ConfigureAwait(false))
        {
            if (!(container.Labels ?? new Dictionary<string, string>()).TryGetValue(_labels.PodUid, out var podUid) || !pods.Contains(podUid))
            {
                await IgnoreMissingAsync(() => _docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken)).ConfigureAwait(false);
            }
        }

        var volumes = await _docker.Volumes.ListAsync(new VolumesListParameters { Filters = NodeLabels.Filter(managed) }, cancellationToken).ConfigureAwait(false);
        foreach (var volume in volumes.Volumes ?? [])
        {
            var labels = volume.Labels ?? new Dictionary<string, string>();
            var accounted = labels.TryGetValue(_labels.PodUid, out var podUid) ? pods.Contains(podUid)
                : labels.TryGetValue(_labels.ClaimUid, out var claimUid) && claims.Contains(claimUid);
            if (!accounted)
            {
                await IgnoreMissingAsync(() => _docker.Volumes.RemoveAsync(volume.Name, force: true, cancellationToken)).ConfigureAwait(false);
            }
        }
    }

    private async Task FollowStoreAsync(IAsyncEnumerator<StoreChange> changes, ValueTask<bool> first)
    {
        await using (changes.ConfigureAwait(false))
        {
            try
            {
                var more = await first.ConfigureAwait(false);
                while (more)
                {
                    var change = changes.Current;
                    try
                    {
                        await OnChangeAsync(change).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // One change the node could not act on must not stop it following the store.
                        LastFault = e;
                    }

                    more = await changes.MoveNextAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Disposed.
            }
        }
    }

    private async Task OnChangeAsync(StoreChange change)
    {
        switch (change.Resource)
        {
            case "pods":
                await OnPodAsync(change.Type, change.Object).ConfigureAwait(false);
                break;
            case "persistentvolumeclaims":
                await OnClaimAsync(change.Type, change.Object).ConfigureAwait(false);
                break;
            case "secrets":
                // A container may be waiting for this secret (CreateContainerConfigError).
                foreach (var run in _runs.Values)
                {
                    run.Wake.Poke();
                }

                break;
            default:
                break;
        }
    }

    /// <summary>The engine's container events (<c>die</c>, <c>oom</c>) of this instance's containers wake their pod's run.</summary>
    private async Task FollowEngineAsync(TaskCompletionSource opened, CancellationToken cancellationToken)
    {
        var filters = NodeLabels.Filter($"{_labels.Run}={_options.RunId}");
        filters["type"] = new Dictionary<string, bool> { ["container"] = true };
        filters["event"] = new Dictionary<string, bool> { ["die"] = true, ["oom"] = true, ["start"] = true };
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                opened.TrySetResult();
                await _docker.System.MonitorEventsAsync(new ContainerEventsParameters { Filters = filters }, new Progress(this), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException)
            {
                // Open it again; every run re-reads its containers on a timer too.
                foreach (var run in _runs.Values)
                {
                    run.Wake.Poke();
                }
            }
        }
    }

    private void OnEngineEvent(Message message)
    {
        var attributes = message.Actor?.Attributes;
        if (attributes is null || !attributes.TryGetValue(_labels.PodUid, out var uid) || !_runs.TryGetValue(uid, out var run))
        {
            return;
        }

        if (message.Action == "oom")
        {
            run.NoteOom(message.Actor!.ID);
        }

        run.Wake.Poke();
    }

    private async Task OnPodAsync(string type, JsonObject pod)
    {
        var uid = PodJson.Str(pod, "metadata", "uid") ?? "";
        var key = PodJson.KeyOf(pod);
        var nodeName = PodJson.Str(pod, "spec", "nodeName");
        if (type == "DELETED")
        {
            _unschedulable.TryRemove(key, out _);
            if (nodeName == Name)
            {
                // Removed without the node (grace period 0, or a forced removal): the containers go now.
                StartEnding(pod, graceSeconds: 0, removeFromStore: false);
            }

            await RetryUnschedulableAsync().ConfigureAwait(false);
            return;
        }

        if (string.IsNullOrEmpty(nodeName))
        {
            if (PodJson.Str(pod, "metadata", "deletionTimestamp") is null)
            {
                await ScheduleAsync(key).ConfigureAwait(false);
            }

            return;
        }

        if (nodeName != Name)
        {
            return;
        }

        if (PodJson.Str(pod, "metadata", "deletionTimestamp") is not null)
        {
            StartEnding(pod, GraceOf(pod), removeFromStore: true);
            return;
        }

        var phase = PodJson.Str(pod, "status", "phase");
        if (phase is "Succeeded" or "Failed")
        {
            await RetryUnschedulableAsync().ConfigureAwait(false);
            return;
        }

        if (!_runs.ContainsKey(uid) && !_endings.ContainsKey(uid))
        {
            var run = new PodRun(_node, pod);
            if (_runs.TryAdd(uid, run))
            {
                run.Start();
            }
            else
            {
                run.Dispose();
            }
        }
    }

    private async Task ScheduleAsync(string key)
    {
        await _schedulerGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var parts = key.Split('/', 2);
            var pod = _store.Get("pods", parts[0], parts[1]);
            if (pod is null || !string.IsNullOrEmpty(PodJson.Str(pod, "spec", "nodeName")) || PodJson.Str(pod, "metadata", "deletionTimestamp") is not null)
            {
                _unschedulable.TryRemove(key, out _);
                return;
            }

            var uid = PodJson.Str(pod, "metadata", "uid");
            var running = _store.List("pods", null).Where(p =>
                PodJson.Str(p, "spec", "nodeName") == Name && PodJson.Str(p, "metadata", "uid") != uid
                && PodJson.Str(p, "status", "phase") is not ("Succeeded" or "Failed"));
            var misfit = PodScheduler.Misfit(pod, _options, running, (ns, name) => _store.Get("persistentvolumeclaims", ns, name));
            if (misfit is not null)
            {
                _unschedulable[key] = 0;
                var said = PodJson.Objects(pod, "status", "conditions").FirstOrDefault(c => PodJson.Str(c, "type") == "PodScheduled");
                if (said is not null && PodJson.Str(said, "status") == "False" && PodJson.Str(said, "message") == misfit)
                {
                    // Said already: writing it again would wake this very handler (MODIFIED) and spin.
                    return;
                }

                var updated = _store.Update("pods", parts[0], parts[1], p =>
                {
                    PodJson.Child(p, "status")["phase"] = "Pending";
                    PodJson.SetCondition(p, "PodScheduled", false, "Unschedulable", misfit);
                });
                if (updated is not null)
                {
                    _node.Events.Warning(updated, "FailedScheduling", misfit, PodEventRecorder.Scheduler);
                }

                return;
            }

            _unschedulable.TryRemove(key, out _);
            var bound = _store.Update("pods", parts[0], parts[1], p =>
            {
                PodJson.Child(p, "spec")["nodeName"] = Name;
                PodJson.Child(p, "status")["phase"] = "Pending";
                PodJson.SetCondition(p, "PodScheduled", true);
            });
            if (bound is not null)
            {
                _node.Events.Normal(bound, "Scheduled", $"Successfully assigned {key} to {Name}", PodEventRecorder.Scheduler);
            }
        }
        finally
        {
            _schedulerGate.Release();
        }
    }

    private async Task RetryUnschedulableAsync()
    {
        foreach (var key in _unschedulable.Keys)
        {
            await ScheduleAsync(key).ConfigureAwait(false);
        }
    }

    private async Task OnClaimAsync(string type, JsonObject claim)
    {
        var ns = PodJson.Str(claim, "metadata", "namespace") ?? "default";
        var name = PodJson.Str(claim, "metadata", "name") ?? "";
        if (type == "DELETED" || PodJson.Str(claim, "metadata", "deletionTimestamp") is not null)
        {
            await RemoveClaimVolumeIfUnusedAsync(ns, name, PodJson.Str(claim, "metadata", "uid") ?? "").ConfigureAwait(false);
            return;
        }

        await RetryUnschedulableAsync().ConfigureAwait(false);
    }

    /// <summary>A claim that is being deleted or gone loses its volume once no pod of the node uses it any more.</summary>
    private async Task RemoveClaimVolumeIfUnusedAsync(string ns, string claim, string claimUid)
    {
        var used = _store.List("pods", ns).Any(p =>
            PodJson.Str(p, "spec", "nodeName") == Name
            && PodJson.Objects(p, "spec", "volumes").Any(v => PodJson.Str(v, "persistentVolumeClaim", "claimName") == claim));
        if (used)
        {
            return;
        }

        await _claimGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var volumes = await _docker.Volumes.ListAsync(new VolumesListParameters { Filters = NodeLabels.Filter($"{_labels.ClaimUid}={claimUid}") }).ConfigureAwait(false);
            foreach (var volume in volumes.Volumes ?? [])
            {
                await IgnoreMissingAsync(() => _docker.Volumes.RemoveAsync(volume.Name, force: true)).ConfigureAwait(false);
            }
        }
        finally
        {
            _claimGate.Release();
        }
    }

    private async Task<(string Name, string Mountpoint)> ClaimVolumeAsync(string ns, string claim, CancellationToken cancellationToken)
    {
        var stored = _store.Get("persistentvolumeclaims", ns, claim)
            ?? throw new InvalidOperationException($"persistentvolumeclaim \"{claim}\" not found");
        var uid = PodJson.Str(stored, "metadata", "uid") ?? "";
        await _claimGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Creating a volume whose name exists answers with that volume.
            var volume = await _docker.Volumes.CreateAsync(new VolumesCreateParameters
            {
                Name = "kubedouble-pvc-" + uid,
                Labels = _labels.Of((_labels.ClaimUid, uid), (_labels.Namespace, ns)),
            }, cancellationToken).ConfigureAwait(false);
            return (volume.Name, volume.Mountpoint);
        }
        finally
        {
            _claimGate.Release();
        }
    }

    /// <summary>Ends a pod once: stops the run, stops and removes its containers and volumes, then (if asked) removes it from the store.</summary>
    private void StartEnding(JsonObject pod, long graceSeconds, bool removeFromStore)
    {
        var uid = PodJson.Str(pod, "metadata", "uid") ?? "";
        if (_endings.ContainsKey(uid))
        {
            return;
        }

        var ending = new TaskCompletionSource();
        if (!_endings.TryAdd(uid, ending.Task))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                if (_runs.TryGetValue(uid, out var run))
                {
                    await run.StopAsync().ConfigureAwait(false);
                }

                await StopContainersAsync(pod, graceSeconds, _stopping.Token).ConfigureAwait(false);
                var containers = await _docker.Containers.ListContainersAsync(
                    new ContainersListParameters { All = true, Filters = NodeLabels.Filter($"{_labels.PodUid}={uid}") }).ConfigureAwait(false);
                foreach (var container in containers)
                {
                    await IgnoreMissingAsync(() => _docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true })).ConfigureAwait(false);
                }

                var volumes = await _docker.Volumes.ListAsync(new VolumesListParameters { Filters = NodeLabels.Filter($"{_labels.PodUid}={uid}") }).ConfigureAwait(false);
                foreach (var volume in volumes.Volumes ?? [])
                {
                    await IgnoreMissingAsync(() => _docker.Volumes.RemoveAsync(volume.Name, force: true)).ConfigureAwait(false);
                }

                var ns = PodJson.Str(pod, "metadata", "namespace") ?? "default";
                var name = PodJson.Str(pod, "metadata", "name") ?? "";
                if (removeFromStore && PodJson.Str(_store.Get("pods", ns, name), "metadata", "uid") == uid)
                {
                    _store.Remove("pods", ns, name);
                }

                if (_runs.TryRemove(uid, out var ended))
                {
                    ended.Dispose();
                }

                foreach (var claim in PodJson.Objects(pod, "spec", "volumes").Select(v => PodJson.Str(v, "persistentVolumeClaim", "claimName")).OfType<string>())
                {
                    var stored = _store.Get("persistentvolumeclaims", ns, claim);
                    if (stored is null || PodJson.Str(stored, "metadata", "deletionTimestamp") is not null)
                    {
                        var claimUid = stored is null ? null : PodJson.Str(stored, "metadata", "uid");
                        if (claimUid is not null)
                        {
                            await RemoveClaimVolumeIfUnusedAsync(ns, claim, claimUid).ConfigureAwait(false);
                        }
                    }
                }

                await RetryUnschedulableAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or DockerApiException or HttpRequestException or IOException or ObjectDisposedException)
            {
                // Shutting down, or the engine went away: disposal sweeps what is left.
            }
            finally
            {
                ending.TrySetResult();
            }
        });
    }

    /// <summary>Stops the pod's running containers (SIGTERM, SIGKILL after the grace period), each with a <c>Killing</c> event.</summary>
    private async Task StopContainersAsync(JsonObject pod, long graceSeconds, CancellationToken cancellationToken)
    {
        var uid = PodJson.Str(pod, "metadata", "uid") ?? "";
        var containers = await _docker.Containers.ListContainersAsync(
            new ContainersListParameters { Filters = NodeLabels.Filter($"{_labels.PodUid}={uid}") }, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(containers.Select(async container =>
        {
            var name = (container.Labels ?? new Dictionary<string, string>()).TryGetValue(_labels.Container, out var label) ? label : "";
            if (_store.Get("pods", PodJson.Str(pod, "metadata", "namespace") ?? "", PodJson.Str(pod, "metadata", "name") ?? "") is { } current)
            {
                _node.Events.Normal(current, "Killing", $"Stopping container {name}", container: name);
            }

            await IgnoreMissingAsync(() => _docker.Containers.StopContainerAsync(
                container.ID, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Max(0, graceSeconds) }, cancellationToken)).ConfigureAwait(false);
        })).ConfigureAwait(false);
    }

    private static long GraceOf(JsonObject pod) =>
        PodJson.Long(pod, "metadata", "deletionGracePeriodSeconds") ?? PodJson.Long(pod, "spec", "terminationGracePeriodSeconds") ?? 30;

    private static async Task IgnoreMissingAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Gone already, or still in use by something else.
        }
    }

    /// <summary>Hands engine events to the node on the thread that reads them.</summary>
    private sealed class Progress(DockerNode node) : IProgress<Message>
    {
        public void Report(Message value) => node.OnEngineEvent(value);
    }
}
