using k8s;
using k8s.Models;

namespace Sandbox.Runtime.Kubernetes.Tests.OnApiDouble;

/// <summary>The adapter against the API-server double: lifecycle, adoption, conflicts, failures that leave nothing behind.</summary>
public sealed class KubernetesSessionRuntimeTests : AdapterOnApiDoubleTestBase
{
    private const string Session = "s0000000000000042";

    [Fact]
    public async Task A_started_session_runs_at_its_pod_ip_with_its_secret_owned_by_the_pod()
    {
        var runtime = Runtime();
        var progress = new RecordingProgress();

        var state = await runtime.StartAsync(Specs.Cpu(egress: Specs.InternetAndMirror()), progress, Deadline);
        await UntilPodRunsAsync(Session);
        var observed = await runtime.ObserveAsync(Session, state, Deadline);

        Assert.Equal(RuntimePhase.Running, observed.Phase);
        Assert.Equal(new Uri("http://10.244.0.7:8888/"), observed.Endpoint);
        var pod = await Client.CoreV1.ReadNamespacedPodAsync("sbx-inst0example-s0000000000000042", Ns, cancellationToken: Deadline);
        Assert.Equal(pod.Metadata.Uid, state.Values["kubernetes.podUid"]);
        var secret = await Client.CoreV1.ReadNamespacedSecretAsync("sbx-inst0example-s0000000000000042-token", Ns, cancellationToken: Deadline);
        var owner = Assert.Single(secret.Metadata.OwnerReferences);
        Assert.Equal((pod.Metadata.Uid, "Pod"), (owner.Uid, owner.Kind));
        Assert.Equal("token-for-tests", System.Text.Encoding.UTF8.GetString(secret.Data["JUPYTER_TOKEN"]));
        Assert.NotNull(Server.Store.Get("persistentvolumeclaims", Ns, "home-inst0example-member-7"));
        Assert.NotNull(Server.Store.Get("networkpolicies", Ns, "sbx-inst0example-sessions"));
        Assert.NotNull(Server.Store.Get("networkpolicies", Ns, "sbx-inst0example-egress-" + KubernetesNames.EgressKey(Specs.InternetAndMirror())));
        Assert.Equal(80, progress.Steps[^1].Percent);
        Assert.Equal(progress.Steps.Select(s => s.Percent).Order(), progress.Steps.Select(s => s.Percent));
    }

    [Fact]
    public async Task Stop_deletes_the_pod_and_its_secret_but_keeps_the_home()
    {
        var runtime = Runtime();
        var state = await runtime.StartAsync(Specs.Cpu(), new RecordingProgress(), Deadline);

        await ChangeOfAsync(runtime, Session, () => runtime.StopAsync(Session, state, Deadline), c => c.What == "deleted");

        Assert.Equal(RuntimePhase.Absent, (await runtime.ObserveAsync(Session, state, Deadline)).Phase);
        Assert.Contains("sbx-inst0example-s0000000000000042", Node.Removed);
        await UntilAsync(() => !SecretExists(Session), Deadline);
        Assert.NotNull(Server.Store.Get("persistentvolumeclaims", Ns, "home-inst0example-member-7"));
    }

    [Fact]
    public async Task Stopping_a_session_without_a_pod_is_done() =>
        await Runtime().StopAsync("s0000000000000099", null, Deadline);

    [Fact]
    public async Task A_new_adapter_lists_and_adopts_the_running_pod_instead_of_making_another()
    {
        var first = await Runtime().StartAsync(Specs.Cpu(), new RecordingProgress(), Deadline);
        await UntilPodRunsAsync(Session);

        var restarted = Runtime();
        var listed = Assert.Single(await restarted.ListAsync(Deadline));
        var adopted = await restarted.StartAsync(Specs.Cpu(), new RecordingProgress(), Deadline);

        Assert.Equal((Session, "member-7", RuntimePhase.Running), (listed.SessionId, listed.MemberId, listed.Phase));
        Assert.Equal(first.Values["kubernetes.podUid"], adopted.Values["kubernetes.podUid"]);
        Assert.Equal(1, PodCount);
        Assert.Equal(RuntimePhase.Running, (await restarted.ObserveAsync(Session, null, Deadline)).Phase);
    }

    [Fact]
    public async Task Two_concurrent_starts_of_a_session_make_one_pod()
    {
        var a = Runtime();
        var b = Runtime();

        var states = await Task.WhenAll(
            a.StartAsync(Specs.Cpu(), new RecordingProgress(), Deadline),
            b.StartAsync(Specs.Cpu(), new RecordingProgress(), Deadline));

        Assert.Equal(states[0].Values["kubernetes.podUid"], states[1].Values["kubernetes.podUid"]);
        Assert.Equal(1, PodCount);
        Assert.True(SecretExists(Session));
    }

    [Fact]
    public async Task A_pod_of_that_name_made_by_someone_else_is_a_name_conflict_and_nothing_is_left()
    {
        Node.Script = NodeScript.Ignore;
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "sbx-inst0example-s0000000000000042", Labels = new Dictionary<string, string> { ["app"] = "other" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "other", Image = "other:1" }] },
        }, Ns, cancellationToken: Deadline);

        var refused = await Assert.ThrowsAsync<RuntimeException>(() => Runtime().StartAsync(Specs.Cpu(), new RecordingProgress(), Deadline));

        Assert.Equal("name_conflict", refused.Reason);
        Assert.False(SecretExists(Session));
        Assert.Equal("other", (await Client.CoreV1.ReadNamespacedPodAsync("sbx-inst0example-s0000000000000042", Ns, cancellationToken: Deadline)).Metadata.Labels["app"]);
    }

    [Fact]
    public async Task A_gpu_session_no_node_can_take_fails_as_gpu_unavailable_and_leaves_no_pod_or_secret()
    {
        Node.Script = NodeScript.NoGpu;
        var runtime = Runtime(o => o.ScheduleTimeout = TimeSpan.FromSeconds(1));

        var refused = await Assert.ThrowsAsync<RuntimeException>(() => runtime.StartAsync(Specs.Gpu(), new RecordingProgress(), Deadline));

        Assert.Equal("gpu_unavailable", refused.Reason);
        Assert.Contains("Insufficient nvidia.com/gpu", refused.Message, StringComparison.Ordinal);
        await UntilAsync(() => PodCount == 0 && !SecretExists(Session), Deadline);
    }

    [Fact]
    public async Task While_no_node_takes_it_the_session_is_pending_waiting_for_capacity()
    {
        Node.Script = NodeScript.NoGpu;
        var runtime = Runtime();
        using var cancel = new CancellationTokenSource();
        var starting = runtime.StartAsync(Specs.Gpu(), new RecordingProgress(), cancel.Token);
        await UntilAsync(() => Server.Store.Get("pods", Ns, "sbx-inst0example-s0000000000000042")?["status"]?["conditions"] is not null, Deadline);

        var observed = await Runtime().ObserveAsync(Session, null, Deadline);
        await cancel.CancelAsync();

        Assert.Equal(RuntimePhase.Pending, observed.Phase);
        Assert.Equal("Waiting for capacity: 0/1 nodes are available: 1 Insufficient nvidia.com/gpu.", observed.Condition);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => starting);

        // A cancelled start leaves the pod for the next start to adopt.
        Assert.Equal(1, PodCount);
    }

    [Fact]
    public async Task An_image_that_cannot_be_pulled_fails_as_image_pull_failed_and_leaves_nothing()
    {
        Node.Script = NodeScript.PullFails;

        var refused = await Assert.ThrowsAsync<RuntimeException>(() => Runtime().StartAsync(Specs.Cpu(), new RecordingProgress(), Deadline));

        Assert.Equal("image_pull_failed", refused.Reason);
        Assert.Contains("sandbox/python-notebook:1", refused.Message, StringComparison.Ordinal);
        await UntilAsync(() => PodCount == 0 && !SecretExists(Session), Deadline);
    }

    [Fact]
    public async Task An_oom_killed_notebook_is_seen_by_the_watch_and_observed_as_oom_killed()
    {
        var runtime = Runtime();
        var state = await runtime.StartAsync(Specs.Cpu(), new RecordingProgress(), Deadline);
        await UntilPodRunsAsync(Session);

        var change = await ChangeOfAsync(runtime, Session, () =>
        {
            Node.Terminate(Ns, "sbx-inst0example-s0000000000000042", 137, "OOMKilled");
            return Task.CompletedTask;
        }, c => c.What == "exited");
        var observed = await runtime.ObserveAsync(Session, state, Deadline);

        Assert.Equal("exited", change.What);
        Assert.Equal((RuntimePhase.Exited, "oom_killed"), (observed.Phase, observed.ExitReason));
    }

    [Fact]
    public async Task A_dropped_watch_resumes_and_still_delivers_the_change()
    {
        var runtime = Runtime();
        await runtime.StartAsync(Specs.Cpu(), new RecordingProgress(), Deadline);
        await UntilPodRunsAsync(Session);

        var change = await ChangeOfAsync(runtime, Session, () =>
        {
            Server.DropWatches();
            Node.Terminate(Ns, "sbx-inst0example-s0000000000000042", 1, "Error");
            return Task.CompletedTask;
        }, c => c.What == "exited");

        Assert.Equal("exited", change.What);
        Assert.Equal(RuntimePhase.Exited, (await runtime.ObserveAsync(Session, null, Deadline)).Phase);
        Assert.Equal("exit_code_1", (await runtime.ObserveAsync(Session, null, Deadline)).ExitReason);
        Assert.Equal(1, runtime.Pods.Lists);
    }

    [Fact]
    public async Task A_watch_too_old_to_resume_relists_and_still_delivers_the_change()
    {
        var runtime = Runtime();
        await runtime.StartAsync(Specs.Cpu(), new RecordingProgress(), Deadline);
        await UntilPodRunsAsync(Session);

        var change = await ChangeOfAsync(runtime, Session, () =>
        {
            // The API server away for a while; meanwhile the pod ends and the history it would resume from is compacted.
            Unavailable(true);
            Node.Terminate(Ns, "sbx-inst0example-s0000000000000042", 137, "OOMKilled");
            Server.CompactHistory();
            Unavailable(false);
            return Task.CompletedTask;
        }, c => c.What == "resync");

        Assert.Equal("resync", change.What);
        Assert.True(runtime.Pods.Lists >= 2, $"listed {runtime.Pods.Lists} times");
        Assert.Equal("oom_killed", (await runtime.ObserveAsync(Session, null, Deadline)).ExitReason);
    }

    private void Unavailable(bool value)
    {
        try
        {
            Server.Unavailable = value;
        }
        catch (ObjectDisposedException)
        {
            // The double aborts every watch it tracks; one that just ended throws here, after the flag is set.
        }
    }
}
