using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>
/// The runtime port on a Kubernetes cluster: one Pod per session in the sessions' namespace, its Jupyter token in a
/// Secret the pod owns, the member's home as a PersistentVolumeClaim, datasets as read-only <c>image</c> volumes, the
/// installation's NetworkPolicies ensured before the first pod. Observes pods through one shared watch
/// (<see cref="SessionPods"/>). Obtain it through
/// <see cref="KubernetesRuntimeServiceCollectionExtensions.AddKubernetesRuntime(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/>.
/// </summary>
public sealed partial class KubernetesSessionRuntime : ISessionRuntime, IDisposable
{
    // How often a start looks at the API itself while the watch cannot tell it anything.
    private static readonly TimeSpan ColdPoll = TimeSpan.FromSeconds(1);

    // How often a start looks again while the watch is quiet (a deadline, an image pull shown only in Events).
    private static readonly TimeSpan WarmRecheck = TimeSpan.FromSeconds(5);

    private readonly IKubernetes _client;
    private readonly KubernetesRuntimeOptions _options;
    private readonly RuntimeInstallation _installation;
    private readonly TimeProvider _clock;
    private readonly ILogger<KubernetesSessionRuntime> _logger;
    private readonly SessionPods _pods;
    private readonly ConcurrentDictionary<string, byte> _ensuredPolicies = new(StringComparer.Ordinal);
    private KubernetesNames? _names;

    /// <param name="client">The API server.</param>
    /// <param name="options">Namespace, placement, timeouts.</param>
    /// <param name="installation">Whose objects these are; read when the runtime first acts.</param>
    /// <param name="clock">The time (start deadlines).</param>
    /// <param name="logger">Where it logs.</param>
    /// <param name="watchTimeoutSeconds">How long one watch request lasts. Default 240 s.</param>
    internal KubernetesSessionRuntime(
        IKubernetes client, KubernetesRuntimeOptions options, RuntimeInstallation installation, TimeProvider clock, ILogger<KubernetesSessionRuntime> logger, int watchTimeoutSeconds = 240)
    {
        _client = client;
        _options = options;
        _installation = installation;
        _clock = clock;
        _logger = logger;
        _pods = new SessionPods(client, options.Namespace, () => Names, watchTimeoutSeconds, logger);
    }

    /// <summary>This installation's names and labels.</summary>
    internal KubernetesNames Names => _names ??= new KubernetesNames(_options, _installation.Identity);

    /// <summary>The shared watch (tests read its counters).</summary>
    internal SessionPods Pods => _pods;

    private string Namespace => _options.Namespace;

    /// <summary>Stops the watch.</summary>
    public void Dispose() => _pods.Dispose();

    /// <inheritdoc />
    public async Task<RuntimeState> StartAsync(RuntimeSpec spec, IProgress<RuntimeProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(progress);
        var pod = PodManifest.Build(spec, _options, Names);
        var podName = pod.Metadata.Name;

        // The watch lists while this start prepares: its changes then follow the start as it goes.
        _pods.EnsureStarted();

        // 1. Idempotence: the session's pod, if it exists, is adopted, never created twice.
        var existing = await TryReadPodAsync(podName, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return await AdoptAsync(existing, spec.SessionId, progress, cancellationToken).ConfigureAwait(false);
        }

        // 2. What the pod needs and outlives it: the installation's policies (before any pod can run unfenced) and the home.
        progress.Report(new RuntimeProgress(10, "Preparing the network policies and the home"));
        await EnsurePoliciesAsync(spec.Egress, cancellationToken).ConfigureAwait(false);
        await EnsureHomeAsync(spec, cancellationToken).ConfigureAwait(false);

        // 3. The secret, then the pod; a 409 on the pod means a concurrent start won: adopt what it made.
        progress.Report(new RuntimeProgress(20, "Creating the pod"));
        var createdSecret = await CreateSecretAsync(spec, cancellationToken).ConfigureAwait(false);
        V1Pod created;
        try
        {
            created = await _client.CoreV1.CreateNamespacedPodAsync(pod, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Is(HttpStatusCode.Conflict))
        {
            var winner = await TryReadPodAsync(podName, cancellationToken).ConfigureAwait(false);
            if (winner is null || !Names.IsSessions(winner.Metadata.Labels, spec.SessionId))
            {
                if (createdSecret)
                {
                    await DeleteSecretQuietlyAsync(spec.SessionId).ConfigureAwait(false);
                }

                throw new RuntimeException("name_conflict", $"The pod {podName} exists but was not created for session {spec.SessionId} of this installation.", e);
            }

            return await AdoptAsync(winner, spec.SessionId, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            if (createdSecret)
            {
                await DeleteSecretQuietlyAsync(spec.SessionId).ConfigureAwait(false);
            }

            throw e is HttpOperationException refused && (refused.Is(HttpStatusCode.UnprocessableEntity) || refused.Is(HttpStatusCode.BadRequest) || refused.Is(HttpStatusCode.Forbidden))
                ? new RuntimeException("invalid_spec", $"The API server refused the session's pod: {ApiErrors.MessageOf(refused)}", e)
                : e is OperationCanceledException ? e : new RuntimeException("create_failed", $"The API server could not create the pod: {e.Message}", e);
        }

        Log.Created(_logger, spec.SessionId, podName, created.Metadata.Uid ?? "");

        // 4. The secret goes with the pod from now on (garbage-collected with it).
        await OwnSecretAsync(spec.SessionId, created, cancellationToken).ConfigureAwait(false);

        // 5. Wait for the container to run; a start that cannot succeed removes the pod (and so the secret).
        return await WaitUntilStartedAsync(spec.SessionId, created, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RuntimeObservation> ObserveAsync(string sessionId, RuntimeState? saved, CancellationToken cancellationToken)
    {
        var record = await RecordOfAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return RuntimeObservation.Absent;
        }

        var state = StateOf(record);

        // A start that cannot succeed (found after a restart, or by the watch) ends like an exited sandbox, with its reason.
        if (record.Phase == RuntimePhase.Pending && FailureOf(record) is { } failure)
        {
            return new RuntimeObservation(RuntimePhase.Exited, null, failure.Reason, state);
        }

        return new RuntimeObservation(record.Phase, record.Phase == RuntimePhase.Running ? record.Endpoint : null, record.ExitReason, state)
        {
            Condition = record.Phase == RuntimePhase.Pending ? record.Condition : null,
        };
    }

    /// <inheritdoc />
    public async Task StopAsync(string sessionId, RuntimeState? saved, CancellationToken cancellationToken)
    {
        var podName = Names.PodNameOf(sessionId);
        var existing = await TryReadPodAsync(podName, cancellationToken).ConfigureAwait(false);
        if (existing is not null && Names.IsSessions(existing.Metadata.Labels, sessionId))
        {
            await DeletePodAsync(podName, existing.Metadata.Uid, cancellationToken).ConfigureAwait(false);
            Log.Stopped(_logger, sessionId, podName);
        }

        // The garbage collector removes the secret with its pod; one left without an owner (a start cut short) goes here.
        await DeleteSecretAsync(sessionId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RuntimeInstance>> ListAsync(CancellationToken cancellationToken)
    {
        var instances = new List<RuntimeInstance>();
        string? next = null;
        do
        {
            var page = await _client.CoreV1.ListNamespacedPodAsync(
                Namespace, labelSelector: Names.SessionSelector, limit: 500, continueParameter: next, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var pod in page.Items ?? [])
            {
                var record = PodReader.Read(pod, Names.Labels);
                if (record.SessionId.Length > 0 && Names.IsSessions(pod.Metadata.Labels, record.SessionId))
                {
                    instances.Add(new RuntimeInstance(record.SessionId, record.MemberId, record.Phase, StateOf(record)));
                }
            }

            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));

        instances.AddRange(await LeftoverSecretsAsync(instances.Select(i => i.SessionId).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false));
        return instances;
    }

    /// <summary>
    /// The installation's session secrets whose session has no pod: left by a start cut short (a crash) between the
    /// secret and the pod, or before the pod owned its secret, of a session that then ended without a pod; nothing else
    /// would ever delete them. Each is an <see cref="RuntimePhase.Absent"/> instance: the sweeps stop it when its session
    /// is not live (<see cref="StopAsync"/> deletes the secret) and leave it alone while it is (a start under way). Its
    /// member is the member's label (<see cref="KubernetesNames.MemberKey"/>). Listed after the pods: a secret whose pod
    /// appears in between is listed too, and its session is live.
    /// </summary>
    private async Task<List<RuntimeInstance>> LeftoverSecretsAsync(HashSet<string> withPods, CancellationToken cancellationToken)
    {
        var leftovers = new List<RuntimeInstance>();
        string? next = null;
        do
        {
            var page = await _client.CoreV1.ListNamespacedSecretAsync(
                Namespace, labelSelector: Names.SessionSelector, limit: 500, continueParameter: next, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var secret in page.Items ?? [])
            {
                var sessionId = KubernetesLabels.Get(secret.Metadata.Labels, Names.Labels.Session) ?? "";
                if (!withPods.Contains(sessionId) && Names.IsSessions(secret.Metadata.Labels, sessionId) && IsSecretOf(sessionId, secret.Metadata.Name))
                {
                    var state = new RuntimeState(new Dictionary<string, string>
                    {
                        [RuntimeStateKeys.PodName] = Names.PodNameOf(sessionId),
                        [RuntimeStateKeys.PodUid] = "",
                        [RuntimeStateKeys.Namespace] = Namespace,
                    });
                    leftovers.Add(new RuntimeInstance(sessionId, KubernetesLabels.Get(secret.Metadata.Labels, Names.Labels.Member) ?? "", RuntimePhase.Absent, state));
                }
            }

            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));

        return leftovers;
    }

    /// <summary>Whether <paramref name="secretName"/> is the name the adapter gives <paramref name="sessionId"/>'s secret (a hand-labelled other secret is not).</summary>
    private bool IsSecretOf(string sessionId, string secretName)
    {
        try
        {
            return Names.SecretNameOf(sessionId) == secretName;
        }
        catch (RuntimeException)
        {
            // A session label no session of the adapter's could carry.
            return false;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<int> FollowOutputAsync(string sessionId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Stream logs;
        try
        {
            logs = await _client.CoreV1.ReadNamespacedPodLogAsync(
                Names.PodNameOf(sessionId), Namespace, container: PodManifest.ContainerName, follow: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException)
        {
            // No such pod, or its container not started yet (400): nothing to follow.
            yield break;
        }

        await using (logs.ConfigureAwait(false))
        {
            var buffer = new byte[16 * 1024];
            while (true)
            {
                int read;
                try
                {
                    read = await logs.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // The stream was cut (the pod went away).
                    yield break;
                }

                if (read == 0)
                {
                    yield break;
                }

                yield return read;
            }
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<RuntimeChange> WatchAsync(CancellationToken cancellationToken) => _pods.ChangesAsync(cancellationToken);

    /// <inheritdoc />
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.Version.GetCodeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException
                                      || (e is HttpOperationException http && (int?)http.Response?.StatusCode >= 500)
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new RuntimeUnreachableException($"The cluster's API server does not answer ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    /// <summary>
    /// Always true: which images a cluster's nodes hold cannot be known from the API, and a node pulls what it lacks. An
    /// image that cannot be pulled fails the start as <c>image_pull_failed</c>, with the node's message.
    /// </summary>
    public Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken) => Task.FromResult(true);

    private async Task<RuntimeState> AdoptAsync(V1Pod pod, string sessionId, IProgress<RuntimeProgress> progress, CancellationToken cancellationToken)
    {
        if (!Names.IsSessions(pod.Metadata.Labels, sessionId))
        {
            throw new RuntimeException("name_conflict", $"The pod {pod.Metadata.Name} exists but was not created for session {sessionId} of this installation.");
        }

        Log.Adopted(_logger, sessionId, pod.Metadata.Name, pod.Status?.Phase ?? "?");
        var record = PodReader.Read(pod, Names.Labels);
        if (record.Phase is RuntimePhase.Running or RuntimePhase.Exited)
        {
            // Running, or ended: ObserveAsync reports an ended one (restarting it would hide the crash).
            progress.Report(new RuntimeProgress(80, "The notebook's container is running"));
            return StateOf(record);
        }

        return await WaitUntilStartedAsync(sessionId, pod, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Follows the pod until its container runs, reporting each step (scheduled, pulling, started). A start that cannot
    /// succeed (no node within <see cref="KubernetesRuntimeOptions.ScheduleTimeout"/>, an image that cannot be pulled, no
    /// start within <see cref="KubernetesRuntimeOptions.ImagePullTimeout"/> of being scheduled) removes the pod and throws.
    /// A cancelled start leaves the pod: the next start adopts it.
    /// </summary>
    private async Task<RuntimeState> WaitUntilStartedAsync(string sessionId, V1Pod pod, IProgress<RuntimeProgress> progress, CancellationToken cancellationToken)
    {
        var record = PodReader.Read(pod, Names.Labels);
        var reported = PodStage.Unscheduled;
        var pulling = false;
        while (true)
        {
            var changed = _pods.NextChangeOf(sessionId);
            record = await RecordOfAsync(sessionId, cancellationToken).ConfigureAwait(false) ?? record with { Phase = RuntimePhase.Absent };
            if (record.Phase == RuntimePhase.Absent)
            {
                throw new RuntimeException("sandbox_vanished", $"The pod {pod.Metadata.Name} was deleted while it started.");
            }

            if (record.Stage > reported)
            {
                reported = record.Stage;
                if (record.Stage >= PodStage.Scheduled)
                {
                    progress.Report(new RuntimeProgress(30, "A node was found for the notebook"));
                }
            }

            if (record.Phase is RuntimePhase.Running or RuntimePhase.Exited)
            {
                progress.Report(new RuntimeProgress(80, "The notebook's container is running"));
                return StateOf(record);
            }

            if (FailureOf(record) is { } failure)
            {
                Log.RemovingAfterFailedStart(_logger, sessionId, record.PodName, failure.Reason, failure.Message);
                await DeletePodQuietlyAsync(record.PodName, record.Uid).ConfigureAwait(false);
                await DeleteSecretQuietlyAsync(sessionId).ConfigureAwait(false);
                throw failure;
            }

            if (record.Stage == PodStage.Scheduled && !pulling && await IsPullingAsync(record.PodName, cancellationToken).ConfigureAwait(false))
            {
                pulling = true;
                progress.Report(new RuntimeProgress(50, "Pulling the notebook's images"));
            }

            // Wait for the watch to tell about the pod or for the next deadline (looking again every few seconds all the
            // same), or look at the API again soon while the watch cannot tell.
            var untilDeadline = NextDeadline(record) - _clock.GetUtcNow();
            var wait = !_pods.TryGet(sessionId, out _) ? ColdPoll
                : untilDeadline < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50)
                : untilDeadline > WarmRecheck ? WarmRecheck
                : untilDeadline;
            try
            {
                await changed.WaitAsync(wait, _clock, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Look again: a deadline may have passed.
            }
        }
    }

    /// <summary>Why a pending pod's start cannot succeed, or null while it still may.</summary>
    private RuntimeException? FailureOf(PodRecord record)
    {
        if (record.Phase != RuntimePhase.Pending)
        {
            return null;
        }

        if (record.Problem is { } problem)
        {
            return new RuntimeException(problem, record.Condition ?? problem);
        }

        var now = _clock.GetUtcNow();
        if (record.Stage == PodStage.Unscheduled && record.CreatedAt is { } created && now - created > _options.ScheduleTimeout)
        {
            var why = record.Condition ?? "no node could run it";
            return record.Gpu
                ? new RuntimeException("gpu_unavailable", $"No node with a free GPU took the notebook within {_options.ScheduleTimeout.TotalSeconds:0} s. {why}")
                : new RuntimeException("unschedulable", $"No node had room for the notebook within {_options.ScheduleTimeout.TotalSeconds:0} s. {why}");
        }

        if (record.Stage == PodStage.Scheduled && (record.ScheduledAt ?? record.CreatedAt) is { } scheduled && now - scheduled > _options.ImagePullTimeout)
        {
            return new RuntimeException("start_timeout", $"The notebook did not start within {_options.ImagePullTimeout.TotalSeconds:0} s of getting a node. {record.Condition}");
        }

        return null;
    }

    private DateTimeOffset NextDeadline(PodRecord record) => record.Stage == PodStage.Unscheduled
        ? (record.CreatedAt ?? _clock.GetUtcNow()) + _options.ScheduleTimeout
        : (record.ScheduledAt ?? record.CreatedAt ?? _clock.GetUtcNow()) + _options.ImagePullTimeout;

    /// <summary>Whether the node said it pulls an image for the pod (its Events: read only while a start waits).</summary>
    private async Task<bool> IsPullingAsync(string podName, CancellationToken cancellationToken)
    {
        try
        {
            var events = await _client.CoreV1.ListNamespacedEventAsync(
                Namespace, fieldSelector: $"involvedObject.kind=Pod,involvedObject.name={podName}", cancellationToken: cancellationToken).ConfigureAwait(false);
            return events.Items?.Any(e => e.Reason is "Pulling" or "Pulled") == true;
        }
        catch (HttpOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// The session's pod: from the watch's cache when it is current and holds the pod, else from the API (the watch may
    /// not have seen a pod created or removed a moment ago; a session without a pod, or with one being deleted, is rare
    /// enough to ask).
    /// </summary>
    private async Task<PodRecord?> RecordOfAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (_pods.TryGet(sessionId, out var cached) && cached is not null && cached.ExitReason != PodReader.Deleted)
        {
            return cached;
        }

        var pod = await TryReadPodAsync(Names.PodNameOf(sessionId), cancellationToken).ConfigureAwait(false);
        return pod is not null && Names.IsSessions(pod.Metadata.Labels, sessionId) ? PodReader.Read(pod, Names.Labels) : null;
    }

    private async Task<V1Pod?> TryReadPodAsync(string podName, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.CoreV1.ReadNamespacedPodAsync(podName, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Is(HttpStatusCode.NotFound))
        {
            return null;
        }
    }

    private async Task EnsurePoliciesAsync(EgressPolicy egress, CancellationToken cancellationToken)
    {
        await EnsurePolicyAsync(NetworkPolicyManifests.Sessions(_options, Names), cancellationToken).ConfigureAwait(false);
        if (NetworkPolicyManifests.Egress(egress, _options, Names) is { } policy)
        {
            await EnsurePolicyAsync(policy, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates the policy, or replaces one of that name that says something else; once per process and name.</summary>
    private async Task EnsurePolicyAsync(V1NetworkPolicy policy, CancellationToken cancellationToken)
    {
        var name = policy.Metadata.Name;
        if (_ensuredPolicies.ContainsKey(name))
        {
            return;
        }

        try
        {
            await _client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(policy, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Is(HttpStatusCode.Conflict))
        {
            var current = await _client.NetworkingV1.ReadNamespacedNetworkPolicyAsync(name, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (KubernetesJson.Serialize(current.Spec) != KubernetesJson.Serialize(policy.Spec)
                || KubernetesLabels.Get(current.Metadata.Labels, Names.Labels.Installation) != Names.Installation.Id)
            {
                policy.Metadata.ResourceVersion = current.Metadata.ResourceVersion;
                await _client.NetworkingV1.ReplaceNamespacedNetworkPolicyAsync(policy, name, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                Log.PolicyReplaced(_logger, name);
            }
        }
        catch (HttpOperationException e) when (e.Is(HttpStatusCode.UnprocessableEntity))
        {
            throw new RuntimeException("invalid_spec", $"The API server refused the network policy {name}: {ApiErrors.MessageOf(e)}", e);
        }

        _ensuredPolicies.TryAdd(name, 0);
    }

    private async Task EnsureHomeAsync(RuntimeSpec spec, CancellationToken cancellationToken)
    {
        var claim = HomeClaimManifest.Build(spec, _options, Names);
        try
        {
            await _client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(claim, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            Log.HomeCreated(_logger, claim.Metadata.Name, spec.MemberId);
        }
        catch (HttpOperationException e) when (e.Is(HttpStatusCode.Conflict))
        {
            // The member's home exists (it outlives sessions): it is used as it is.
        }
        catch (HttpOperationException e) when (e.Is(HttpStatusCode.UnprocessableEntity))
        {
            throw new RuntimeException("invalid_spec", $"The API server refused the home claim {claim.Metadata.Name}: {ApiErrors.MessageOf(e)}", e);
        }
    }

    /// <summary>Creates the session's secret; true when this call created it, false when the session's one existed.</summary>
    private async Task<bool> CreateSecretAsync(RuntimeSpec spec, CancellationToken cancellationToken)
    {
        var secret = SecretManifest.Build(spec, _options, Names);
        try
        {
            await _client.CoreV1.CreateNamespacedSecretAsync(secret, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Is(HttpStatusCode.Conflict))
        {
            // Left by a start of this session that was cut short (the token is the session's): used as it is.
            var current = await _client.CoreV1.ReadNamespacedSecretAsync(secret.Metadata.Name, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!Names.IsSessions(current.Metadata.Labels, spec.SessionId))
            {
                throw new RuntimeException("name_conflict", $"The secret {secret.Metadata.Name} exists but was not created for session {spec.SessionId} of this installation.", e);
            }

            return false;
        }
    }

    private async Task OwnSecretAsync(string sessionId, V1Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoreV1.PatchNamespacedSecretAsync(
                new V1Patch(SecretManifest.OwnerPatch(pod), V1Patch.PatchType.MergePatch), Names.SecretNameOf(sessionId), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            // Not fatal: the pod runs; the stop deletes the secret itself.
            Log.OwnerNotSet(_logger, sessionId, ApiErrors.MessageOf(e));
        }
    }

    private async Task DeletePodAsync(string podName, string? uid, CancellationToken cancellationToken)
    {
        var grace = (long)Math.Ceiling(_options.StopGracePeriod.TotalSeconds);
        try
        {
            await _client.CoreV1.DeleteNamespacedPodAsync(
                podName,
                Namespace,
                new V1DeleteOptions { GracePeriodSeconds = grace, PropagationPolicy = "Background", Preconditions = uid is null ? null : new V1Preconditions { Uid = uid } },
                gracePeriodSeconds: (int)grace,
                propagationPolicy: "Background",
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Is(HttpStatusCode.NotFound) || e.Is(HttpStatusCode.Conflict))
        {
            // Gone already, or replaced by another pod of that name (the uid precondition): done with this one.
        }
    }

    private async Task DeleteSecretAsync(string sessionId, CancellationToken cancellationToken)
    {
        var name = Names.SecretNameOf(sessionId);
        try
        {
            var secret = await _client.CoreV1.ReadNamespacedSecretAsync(name, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!Names.IsSessions(secret.Metadata.Labels, sessionId))
            {
                return;
            }

            await _client.CoreV1.DeleteNamespacedSecretAsync(
                name, Namespace, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = secret.Metadata.Uid } }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Is(HttpStatusCode.NotFound) || e.Is(HttpStatusCode.Conflict))
        {
            // Gone already (the garbage collector was first).
        }
    }

    private async Task DeletePodQuietlyAsync(string podName, string? uid)
    {
        try
        {
            // Not the caller's token: the cleanup must happen even when the start was cancelled.
            await DeletePodAsync(podName, uid, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException)
        {
            Log.CleanupFailed(_logger, podName, e);
        }
    }

    private async Task DeleteSecretQuietlyAsync(string sessionId)
    {
        try
        {
            await DeleteSecretAsync(sessionId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException)
        {
            Log.CleanupFailed(_logger, Names.SecretNameOf(sessionId), e);
        }
    }

    private RuntimeState StateOf(PodRecord record) => new(new Dictionary<string, string>
    {
        [RuntimeStateKeys.PodName] = record.PodName,
        [RuntimeStateKeys.PodUid] = record.Uid ?? "",
        [RuntimeStateKeys.Namespace] = Namespace,
    });

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Session {SessionId}: created pod {PodName} ({Uid})")]
        public static partial void Created(ILogger logger, string sessionId, string podName, string uid);

        [LoggerMessage(2, LogLevel.Information, "Session {SessionId}: adopted existing pod {PodName} ({Phase})")]
        public static partial void Adopted(ILogger logger, string sessionId, string podName, string phase);

        [LoggerMessage(3, LogLevel.Warning, "Session {SessionId}: start failed ({Reason}: {Message}), removing pod {PodName}")]
        public static partial void RemovingAfterFailedStart(ILogger logger, string sessionId, string podName, string reason, string message);

        [LoggerMessage(4, LogLevel.Error, "Could not remove {Name} after a failed start; the sweep will find it")]
        public static partial void CleanupFailed(ILogger logger, string name, Exception failure);

        [LoggerMessage(5, LogLevel.Information, "Session {SessionId}: deleted pod {PodName}")]
        public static partial void Stopped(ILogger logger, string sessionId, string podName);

        [LoggerMessage(6, LogLevel.Warning, "Session {SessionId}: could not make the pod own its secret ({Message}); the stop deletes it")]
        public static partial void OwnerNotSet(ILogger logger, string sessionId, string message);

        [LoggerMessage(7, LogLevel.Warning, "The network policy {Name} said something else; replaced")]
        public static partial void PolicyReplaced(ILogger logger, string name);

        [LoggerMessage(8, LogLevel.Information, "Created the home claim {Name} of member {MemberId}")]
        public static partial void HomeCreated(ILogger logger, string name, string memberId);
    }
}
