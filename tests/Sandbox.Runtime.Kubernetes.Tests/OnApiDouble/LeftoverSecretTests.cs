using k8s;

namespace Sandbox.Runtime.Kubernetes.Tests.OnApiDouble;

/// <summary>
/// A session's token Secret left without its pod (an orchestrator killed between the secret and the pod, or before the
/// pod owned it): listed as an absent sandbox, so the sweeps' path (list, stop what belongs to no live session) deletes
/// it; a live session's secret and another installation's are left alone.
/// </summary>
public sealed class LeftoverSecretTests : AdapterOnApiDoubleTestBase
{
    private const string Ended = "s0000000000000051";
    private const string Provisioning = "s0000000000000052";

    [Fact]
    public async Task A_secret_without_a_pod_is_listed_as_absent_and_the_sweep_path_deletes_it_unless_its_session_is_live()
    {
        var runtime = Runtime();
        var others = new KubernetesNames(Specs.Options(), new InstallationIdentity("otherinstall", AdoptsUnlabelled: false));
        await CreateSecretAsync(Specs.Names(), Ended);
        await CreateSecretAsync(Specs.Names(), Provisioning);
        await CreateSecretAsync(others, Ended);

        var listed = await runtime.ListAsync(Deadline);

        Assert.Equal(
            new[] { (Ended, "member-7", RuntimePhase.Absent), (Provisioning, "member-7", RuntimePhase.Absent) },
            listed.Select(i => (i.SessionId, i.MemberId, i.Phase)).Order().ToList());

        // The sweeps' rule: whatever belongs to no live session is stopped.
        var live = new HashSet<string>(StringComparer.Ordinal) { Provisioning };
        foreach (var orphan in listed.Where(i => !live.Contains(i.SessionId)))
        {
            await runtime.StopAsync(orphan.SessionId, orphan.State, Deadline);
        }

        Assert.False(SecretExists(Ended));
        Assert.True(SecretExists(Provisioning));
        Assert.NotNull(Server.Store.Get("secrets", Ns, others.SecretNameOf(Ended)));
    }

    [Fact]
    public async Task A_secret_whose_pod_runs_is_not_listed_twice_and_one_left_by_a_start_cut_short_is_listed_until_stopped()
    {
        var runtime = Runtime();
        await runtime.StartAsync(Specs.Cpu(), new RecordingProgress(), Deadline);
        await UntilPodRunsAsync("s0000000000000042");
        await CreateSecretAsync(Specs.Names(), Ended);

        var listed = await runtime.ListAsync(Deadline);
        await runtime.StopAsync(Ended, null, Deadline);
        var after = await runtime.ListAsync(Deadline);

        Assert.Equal(new[] { ("s0000000000000042", RuntimePhase.Running), (Ended, RuntimePhase.Absent) }, listed.Select(i => (i.SessionId, i.Phase)).Order().ToList());
        Assert.Equal(("s0000000000000042", RuntimePhase.Running), Assert.Single(after.Select(i => (i.SessionId, i.Phase))));
        Assert.True(SecretExists("s0000000000000042"));
    }

    [Fact]
    public async Task A_secret_labelled_for_a_session_but_named_otherwise_is_not_the_adapters_and_is_not_listed()
    {
        var secret = SecretManifest.Build(Specs.Cpu() with { SessionId = Ended }, Specs.Options(), Specs.Names());
        secret.Metadata.Name = "someone-elses-secret";
        await Client.CoreV1.CreateNamespacedSecretAsync(secret, Ns, cancellationToken: Deadline);

        Assert.Empty(await Runtime().ListAsync(Deadline));
    }

    /// <summary>The session's secret as the adapter makes it before the pod, with no pod after it (a crash in between).</summary>
    private async Task CreateSecretAsync(KubernetesNames names, string sessionId) =>
        await Client.CoreV1.CreateNamespacedSecretAsync(SecretManifest.Build(Specs.Cpu() with { SessionId = sessionId }, Specs.Options(), names), Ns, cancellationToken: Deadline);
}
