using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Sandbox.KubernetesDouble;
using Sandbox.Testing;

namespace Benchmarks.Kubernetes;

/// <summary>
/// Launch latency on the test cluster (API double + Docker node), the shape of the Docker launch benchmark
/// (<c>tests/Benchmarks/LaunchLatencyBenchmark.cs</c>): from the launch request to Jupyter answering through the proxy,
/// beside the floor measured in the same run. The floor is the same pod created straight through the API with
/// KubernetesClient: the spec the adapter sent for that analyst's session (read back from the double's store during the
/// warm-up, with its own name, no Sandbox labels and a secret of its own for the token), its IP taken from a watch on it,
/// then Jupyter polled on the pod IP. Both paths are polled every 100 ms. One at a time (alternated), then N at once
/// (alternated, twice each), after an unmeasured warm-up round of each path at the highest concurrency.
/// </summary>
internal static class KubeLaunchLatencyBenchmark
{
    private const string Namespace = "bench-launch";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private static Task PollAsync(HttpClient http, Uri uri) => HttpPolling.UntilOkAsync(http, uri, PollInterval, TimeSpan.FromSeconds(120));

    public static async Task RunAsync(int rounds, IReadOnlyList<int> concurrency)
    {
        var most = concurrency.DefaultIfEmpty(1).Max();
        // 20 small sessions (1 CPU, 2 GiB requested each) must fit the node's allocatable at once: the node accounts, the
        // engine's limits are per container (CPU capped at the host's 2 cores).
        await using var cluster = await KubernetesTestCluster.StartAsync(nodeCpu: Math.Max(8, most * 2), nodeMemoryGiB: Math.Max(16, most * 4));
        var settings = cluster.SettingsFor(Namespace);
        settings["Logging__LogLevel__Default"] = "Warning";
        settings["Logging__LogLevel__Sandbox.Orchestrator.Installation"] = "Information";
        settings["Sandbox__Reconciler__ResyncInterval"] = OrchestratorProcess.ProductDefault;
        settings["Sandbox__Quotas__Member__MaxConcurrentSessions"] = "100";
        settings["Sandbox__Quotas__Member__MonthlyBudgetKrw"] = "100000000";
        await using var orchestrator = new OrchestratorProcess(settings);
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var analysts = new List<SandboxApi>();
        for (var i = 0; i < most; i++)
        {
            analysts.Add((await admin.CreateMemberAsync($"bench-{i}")).Api);
        }

        var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.KubeconfigPath));
        var templates = new Dictionary<SandboxApi, JsonObject>();
        var bench = new Bench(cluster, orchestrator, client, templates);

        // 0. Warm-up: the first sessions create the members' home claims and the installation's policies, and their pods
        //    are the floor's templates; both paths once at the highest concurrency (the tiered JIT, page cache).
        await bench.SandboxAsync([analysts[0]]);
        await bench.SandboxAsync(analysts.Take(most).ToList());
        await bench.FloorAsync([analysts[0]]);
        await bench.FloorAsync(analysts.Take(most).ToList());

        var floor = new List<double>();
        var sandbox = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            floor.AddRange(await bench.FloorAsync([analysts[0]]));
            sandbox.AddRange(await bench.SandboxAsync([analysts[0]]));
        }

        Report.Line($"| 1 at a time ({rounds} runs) | floor p50 {Stats.P(floor, 50):0} ms, p90 {Stats.P(floor, 90):0} ms | Sandbox p50 {Stats.P(sandbox, 50):0} ms, p90 {Stats.P(sandbox, 90):0} ms | p50 {Stats.P(sandbox, 50) - Stats.P(floor, 50):+0;-0} ms | |");

        foreach (var n in concurrency)
        {
            var f = new List<double>();
            var s = new List<double>();
            var cpu = TimeSpan.Zero;
            for (var repeat = 0; repeat < 2; repeat++)
            {
                f.AddRange(await bench.FloorAsync(analysts.Take(n).ToList()));
                var before = orchestrator.CpuTime();
                s.AddRange(await bench.SandboxAsync(analysts.Take(n).ToList()));
                cpu += orchestrator.CpuTime() - before;
            }

            cpu /= 2;
            Report.Line($"| {n} at once | floor p50 {Stats.P(f, 50):0} ms, max {f.Max():0} ms | Sandbox p50 {Stats.P(s, 50):0} ms, max {s.Max():0} ms | p50 x{Stats.P(s, 50) / Stats.P(f, 50):0.00}, max x{s.Max() / f.Max():0.00} | orchestrator CPU {cpu.TotalSeconds:0.0} s per round |");
        }

        Report.Line($"<!-- load at the end: {File.ReadAllText("/proc/loadavg").Trim()} -->");
    }

    private sealed class Bench(KubernetesTestCluster cluster, OrchestratorProcess orchestrator, IKubernetes client, Dictionary<SandboxApi, JsonObject> templates)
    {
        public async Task<List<double>> SandboxAsync(IReadOnlyList<SandboxApi> analysts)
        {
            var runs = await Task.WhenAll(analysts.Select(async analyst =>
            {
                var watch = Stopwatch.StartNew();
                var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
                await PollAsync(analyst.Http, new Uri(orchestrator.BaseAddress, $"/s/{id}/api/status"));
                var elapsed = watch.Elapsed.TotalMilliseconds;
                if (!templates.ContainsKey(analyst))
                {
                    var pod = cluster.Store.Get("pods", Namespace, $"sbx-{orchestrator.InstallationId}-{id}")
                        ?? throw new InvalidOperationException($"No pod for session {id}");
                    lock (templates)
                    {
                        templates[analyst] = pod;
                    }
                }

                return (analyst, id, elapsed);
            }));
            foreach (var (analyst, id, _) in runs)
            {
                (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
            }

            foreach (var (analyst, id, _) in runs)
            {
                await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
            }

            // The node's accounting and the engine are free again before the next phase (as the floor waits too).
            foreach (var (_, id, _) in runs)
            {
                await GoneAsync($"sbx-{orchestrator.InstallationId}-{id}");
            }

            return runs.Select(r => r.elapsed).ToList();
        }

        public async Task<List<double>> FloorAsync(IReadOnlyList<SandboxApi> analysts)
        {
            var runs = await Task.WhenAll(analysts.Select(async analyst =>
            {
                var name = "floor-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
                var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                var (pod, port, basePath) = FloorPod(templates[analyst], name);
                var secret = new V1Secret
                {
                    Metadata = new V1ObjectMeta { Name = name + "-token", Labels = new Dictionary<string, string> { ["bench"] = "floor" } },
                    StringData = new Dictionary<string, string> { ["JUPYTER_TOKEN"] = token },
                };
                var watch = Stopwatch.StartNew();
                await client.CoreV1.CreateNamespacedSecretAsync(secret, Namespace);
                await client.CoreV1.CreateNamespacedPodAsync(pod, Namespace);
                var ip = await PodIpAsync(name);
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
                http.DefaultRequestHeaders.Authorization = new("token", token);
                await PollAsync(http, new Uri($"http://{ip}:{port}{basePath}api/status"));
                return (name, elapsed: watch.Elapsed.TotalMilliseconds);
            }));
            foreach (var (name, _) in runs)
            {
                await client.CoreV1.DeleteNamespacedPodAsync(name, Namespace);
                await client.CoreV1.DeleteNamespacedSecretAsync(name + "-token", Namespace);
            }

            foreach (var (name, _) in runs)
            {
                await GoneAsync(name);
            }

            return runs.Select(r => r.elapsed).ToList();
        }

        /// <summary>The adapter's pod for a session, as the floor's own: its name, no Sandbox labels or owner, its own secret.</summary>
        private static (V1Pod Pod, int Port, string BasePath) FloorPod(JsonObject adapterPod, string name)
        {
            var json = adapterPod.DeepClone().AsObject();
            json.Remove("status");
            var secretName = json["spec"]!["containers"]![0]!["env"]!.AsArray()
                .Select(e => e?["valueFrom"]?["secretKeyRef"]?["name"]?.GetValue<string>()).First(n => n is not null)!;
            json["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["bench"] = "floor" } };
            var text = json.ToJsonString().Replace($"\"{secretName}\"", $"\"{name}-token\"", StringComparison.Ordinal);
            var pod = KubernetesJson.Deserialize<V1Pod>(text);
            var container = pod.Spec.Containers[0];
            var port = container.Ports?.FirstOrDefault()?.ContainerPort ?? 8888;
            var baseArg = (container.Args ?? []).FirstOrDefault(a => a.Contains("base_url=", StringComparison.Ordinal));
            var basePath = baseArg is null ? "/" : baseArg[(baseArg.IndexOf('=', StringComparison.Ordinal) + 1)..].TrimEnd('/') + "/";
            return (pod, port, basePath);
        }

        private async Task<string> PodIpAsync(string name)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var events = client.CoreV1.WatchListNamespacedPodAsync(Namespace, fieldSelector: $"metadata.name={name}", cancellationToken: timeout.Token);
            await foreach (var (_, pod) in events)
            {
                if (pod?.Status?.PodIP is { Length: > 0 } ip && pod.Status.ContainerStatuses?.FirstOrDefault()?.State?.Running is not null)
                {
                    return ip;
                }
            }

            throw new TimeoutException($"Pod {name} got no IP");
        }

        private async Task GoneAsync(string pod)
        {
            if (!await cluster.WaitForAsync(() => cluster.Store.Get("pods", Namespace, pod) is null, TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException($"Pod {pod} is still there");
            }
        }
    }
}
