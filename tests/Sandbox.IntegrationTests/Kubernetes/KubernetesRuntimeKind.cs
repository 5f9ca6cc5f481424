using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Kubernetes;

/// <summary>
/// Sessions on the Kubernetes test cluster, seen through the double's store (pods, secrets, claims by label). Every
/// orchestrator gets <paramref name="adapterSettings"/> (for example another dataset mount mode) under the test's own.
/// </summary>
public sealed class KubernetesRuntimeKind(KubernetesTestCluster cluster, IReadOnlyDictionary<string, string>? adapterSettings = null) : SessionRuntimeKind
{
    private static readonly TimeSpan CleanTimeout = TimeSpan.FromSeconds(30);

    public KubernetesTestCluster Cluster => cluster;

    public override OrchestratorProcess NewOrchestrator(IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(adapterSettings ?? new Dictionary<string, string>());
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return cluster.NewOrchestrator(all);
    }

    public override Task<IReadOnlyList<SessionSandbox>> SandboxesAsync(OrchestratorProcess orchestrator) =>
        Task.FromResult<IReadOnlyList<SessionSandbox>>(cluster.SessionPodsOf(orchestrator)
            .Select(p => new SessionSandbox(p.Name, p.Session, p.Phase == "Running" && !p.Deleting)).ToList());

    public override async Task<IReadOnlyList<SessionSandbox>> SandboxesOfAsync(OrchestratorProcess orchestrator, string sessionId) =>
        (await SandboxesAsync(orchestrator)).Where(s => s.SessionId == sessionId).ToList();

    public override Task<string> StartOrphanAsync(OrchestratorProcess orchestrator, string sessionId, string installationId) =>
        Task.FromResult(cluster.CreateOrphanPod(KubernetesTestCluster.NamespaceOf(orchestrator), installationId, sessionId));

    public override Task<bool> SandboxExistsAsync(OrchestratorProcess orchestrator, string name) =>
        Task.FromResult(cluster.Store.Get("pods", KubernetesTestCluster.NamespaceOf(orchestrator), name) is { } pod
            && pod["metadata"]?["deletionTimestamp"] is null);

    public override async Task RemoveSandboxAsync(OrchestratorProcess orchestrator, string name)
    {
        var ns = KubernetesTestCluster.NamespaceOf(orchestrator);
        try
        {
            cluster.Store.Delete(Sandbox.KubernetesDouble.ApiResource.Pods, ns, name, Sandbox.KubernetesDouble.DeleteOptions.Default with { GracePeriodSeconds = 1 });
        }
        catch (Sandbox.KubernetesDouble.ApiException)
        {
            // Gone already.
        }

        Assert.True(await cluster.WaitForAsync(() => cluster.Store.Get("pods", ns, name) is null, CleanTimeout), $"the pod {name} was not removed");
    }

    public override async Task AssertStoppedCleanAsync(OrchestratorProcess orchestrator, string sessionId)
    {
        bool Clean() =>
            !cluster.ObjectsOf(orchestrator, "pods").Any(p => KubernetesTestCluster.LabelOf(p, KubernetesTestCluster.SessionLabel) == sessionId)
            && !cluster.ObjectsOf(orchestrator, "secrets").Any(s => KubernetesTestCluster.LabelOf(s, KubernetesTestCluster.SessionLabel) == sessionId);

        Assert.True(await cluster.WaitForAsync(Clean, CleanTimeout),
            $"left after the stop: {string.Join(", ", cluster.ObjectsOf(orchestrator, "pods").Concat(cluster.ObjectsOf(orchestrator, "secrets")).Select(KubernetesTestCluster.NameOf))}\n{orchestrator.Tail()}");

        // The member's home outlives the session.
        var claim = Assert.Single(cluster.ObjectsOf(orchestrator, "persistentvolumeclaims"));
        Assert.StartsWith($"home-{orchestrator.InstallationId}-", KubernetesTestCluster.NameOf(claim), StringComparison.Ordinal);
        Assert.Null(claim["metadata"]?["deletionTimestamp"]);
    }
}
