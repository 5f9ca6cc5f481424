using System.Text.Json.Nodes;
using k8s;
using Xunit.Abstractions;

namespace Sandbox.KubernetesDouble.Tests;

/// <summary>The double holds 10,000 session-sized pods in little memory and lists and watches them over HTTP.</summary>
public sealed class ScaleTests(ITestOutputHelper output) : ApiDoubleTestBase
{
    private const int Pods = 10_000;

    [Fact]
    public async Task Ten_thousand_pods_are_held_compactly_and_listed_and_watched()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < Pods; i++)
        {
            Server.Store.Create(ApiResource.Pods, Ns, SessionPod(i));
        }
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"created in {clock.ElapsedMilliseconds} ms, {held / 1024 / 1024} MiB held");
        clock.Restart();
        Assert.Equal(Pods, Server.Store.Count(ApiResource.Pods));
        Assert.True(held < 100L * 1024 * 1024, $"10,000 pods took {held / 1024 / 1024} MiB");

        var list = await Client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "sandbox.coop/installation=i1");
        Assert.Equal(Pods, list.Items.Count);
        var gpu = await Client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "sandbox.coop/installation=i1,tier=gpu");
        Assert.Equal(Pods / 10, gpu.Items.Count);
        output.WriteLine($"listed twice in {clock.ElapsedMilliseconds} ms");
        clock.Restart();

        var added = 0;
        await foreach (var (type, _) in Client.CoreV1.WatchListNamespacedPodAsync(Ns, resourceVersion: "0", cancellationToken: Deadline))
        {
            Assert.Equal(WatchEventType.Added, type);
            if (++added == Pods) break;
        }
        Assert.Equal(Pods, added);
        output.WriteLine($"watched in {clock.ElapsedMilliseconds} ms");
    }

    private static JsonObject SessionPod(int i) => JsonNode.Parse(SessionPodTemplate
        .Replace("#ID#", i.ToString("D6"), StringComparison.Ordinal)
        .Replace("#I#", i.ToString(), StringComparison.Ordinal)
        .Replace("#M#", (i % 500).ToString(), StringComparison.Ordinal)
        .Replace("#TIER#", i % 10 == 0 ? "gpu" : "cpu", StringComparison.Ordinal))!.AsObject();

    /// <summary>A pod like the adapter's session pod (plan section 3), about 1.5 KB of JSON.</summary>
    private const string SessionPodTemplate = """
        {"metadata":{"name":"sbx-i1-#ID#","labels":{"app.kubernetes.io/managed-by":"sandbox","sandbox.coop/installation":"i1",
          "sandbox.coop/session":"#I#","sandbox.coop/member":"m#M#","tier":"#TIER#"},
          "annotations":{"sandbox.coop/notebook-port":"8888"}},
         "spec":{"restartPolicy":"Never","automountServiceAccountToken":false,"enableServiceLinks":false,"terminationGracePeriodSeconds":10,
          "securityContext":{"runAsNonRoot":true,"runAsUser":1000,"runAsGroup":1000,"fsGroup":1000,"seccompProfile":{"type":"RuntimeDefault"}},
          "containers":[{"name":"notebook","image":"registry.test/notebook@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "args":["start-notebook.py","--ServerApp.port=8888"],"ports":[{"name":"http","containerPort":8888}],
            "env":[{"name":"JUPYTER_TOKEN","valueFrom":{"secretKeyRef":{"name":"sbx-i1-#ID#-token","key":"JUPYTER_TOKEN"}}}],
            "securityContext":{"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,"runAsNonRoot":true,"capabilities":{"drop":["ALL"]}},
            "resources":{"requests":{"cpu":"1","memory":"2048Mi"},"limits":{"cpu":"1","memory":"2048Mi"}},
            "volumeMounts":[{"name":"tmp","mountPath":"/tmp"},{"name":"home","mountPath":"/home/jovyan"}]}],
          "volumes":[{"name":"tmp","emptyDir":{"sizeLimit":"1Gi"}},{"name":"home","persistentVolumeClaim":{"claimName":"home-i1-m#M#"}}]}}
        """;
}
