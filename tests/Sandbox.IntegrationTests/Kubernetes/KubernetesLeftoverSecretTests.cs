using System.Net;
using System.Text.Json.Nodes;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Kubernetes;

/// <summary>
/// A session's token Secret a crash left without its pod (the orchestrator killed between creating the secret and the
/// pod, or before the pod owned it, and the session then ended without a pod): the orphan sweep deletes it, while a live
/// session's secret and another installation's are left alone. The leftover is made by hand, with the labels and name
/// the adapter gives it: killing the orchestrator at that exact moment is not something a test can aim at.
/// </summary>
[Collection(KubernetesTestGroup.Name)]
public sealed class KubernetesLeftoverSecretTests(KubernetesClusterFixture fixture)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly KubernetesTestCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task A_secret_left_without_its_pod_is_swept_while_a_live_sessions_and_another_installations_stay()
    {
        await using var orchestrator = _cluster.NewOrchestrator(new Dictionary<string, string>
        {
            ["Sandbox__Sweep__Interval"] = "00:00:02",
        });
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (analyst, _) = await admin.CreateMemberAsync("leftover-analyst");
        using var _a = analyst;
        var ns = KubernetesTestCluster.NamespaceOf(orchestrator);

        // 1. A live session (its secret is owned by its pod), then, long after the start-up recovery, the leftovers.
        var live = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        var running = await analyst.WaitForStateAsync(live, StartTimeout, "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{orchestrator.Tail()}");
        var leftover = CreateSessionSecret(ns, orchestrator.InstallationId!, "ghostsecret0001");
        var foreign = CreateSessionSecret(ns, "otherinstall01", "ghostsecret0001");

        // 2. The sweep deletes this installation's leftover (its log says so).
        Assert.True(await _cluster.WaitForAsync(() => _cluster.Store.Get("secrets", ns, leftover) is null, TimeSpan.FromSeconds(20)),
            $"{leftover} is still there\n{orchestrator.Tail()}");
        Assert.True(await orchestrator.LogContainsAsync("Sweep removes the sandbox of session ghostsecret0001", TimeSpan.FromSeconds(5)), orchestrator.Tail());

        // 3. The live session's secret and pod, and the other installation's secret, are still there after that sweep.
        Assert.Contains(_cluster.ObjectsOf(orchestrator, "secrets"), s => KubernetesTestCluster.LabelOf(s, KubernetesTestCluster.SessionLabel) == live);
        Assert.Contains(_cluster.SessionPodsOf(orchestrator), p => p.Session == live && !p.Deleting);
        Assert.NotNull(_cluster.Store.Get("secrets", ns, foreign));
        Assert.Equal("running", (await analyst.GetSessionAsync(live)).GetProperty("state").GetString());
        _cluster.Store.Remove("secrets", ns, foreign);

        Assert.Equal(HttpStatusCode.Accepted, (await analyst.Http.DeleteAsync($"/api/v1/sessions/{live}")).StatusCode);
        await analyst.WaitForStateAsync(live, TimeSpan.FromSeconds(60), "stopped");
    }

    /// <summary>A session's token secret as an orchestrator of <paramref name="installationId"/> makes it before the pod; returns its name.</summary>
    private string CreateSessionSecret(string ns, string installationId, string sessionId)
    {
        var name = $"sbx-{installationId}-{sessionId}-token";
        _cluster.Store.Create("secrets", ns, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject
                {
                    ["app.kubernetes.io/managed-by"] = "sandbox",
                    [KubernetesTestCluster.InstallationLabel] = installationId,
                    [KubernetesTestCluster.SessionLabel] = sessionId,
                    [KubernetesTestCluster.LabelPrefix + "member"] = "m-ghost",
                },
            },
            ["type"] = "Opaque",
            ["stringData"] = new JsonObject { ["JUPYTER_TOKEN"] = "left-behind" },
        });
        return name;
    }
}
