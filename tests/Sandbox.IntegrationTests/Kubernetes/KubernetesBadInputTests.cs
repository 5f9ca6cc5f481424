using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Sandbox.KubernetesDouble;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Kubernetes;

/// <summary>
/// What goes wrong on a cluster, on the test cluster with the double's hooks: each ends in a clear session state or a
/// retry, never a stuck session, and leaves no pod or secret behind. One orchestrator per test, in a namespace of its own.
/// </summary>
[Collection(KubernetesTestGroup.Name)]
public sealed class KubernetesBadInputTests(KubernetesClusterFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    private readonly KubernetesTestCluster _cluster = fixture.Cluster;
    private OrchestratorProcess _orchestrator = null!;
    private SandboxApi _admin = null!;
    private SandboxApi _analyst = null!;
    private string _unpullable = null!;

    public async Task InitializeAsync()
    {
        _unpullable = $"{_cluster.Registry.Host}/nothing/here:1";
        _orchestrator = _cluster.NewOrchestrator(new Dictionary<string, string>
        {
            // A size with a GPU (the node has none), found unschedulable after a few seconds rather than minutes.
            ["Sandbox__Sizes__gpu__Cpu"] = "1",
            ["Sandbox__Sizes__gpu__MemoryGiB"] = "2",
            ["Sandbox__Sizes__gpu__Gpu"] = "1",
            ["Sandbox__Kubernetes__ScheduleTimeout"] = "00:00:05",

            // A profile whose image is on no registry, and one whose server eats memory until its container is killed.
            ["Sandbox__Profiles__unpullable__DisplayName"] = "Unpullable",
            ["Sandbox__Profiles__unpullable__Image"] = _unpullable,
            ["Sandbox__Profiles__unpullable__Command__0"] = "jupyter",
            ["Sandbox__Profiles__hog__DisplayName"] = "Memory hog",
            ["Sandbox__Profiles__hog__Image"] = "sandbox/python-notebook:1",
            ["Sandbox__Profiles__hog__Command__0"] = "python3",
            ["Sandbox__Profiles__hog__Command__1"] = "-c",
            ["Sandbox__Profiles__hog__Command__2"] = "import time\nchunks = []\nwhile True:\n    chunks.append(b'x' * (64 * 1024 * 1024))\n    time.sleep(0.05)",
        });
        await _orchestrator.StartAsync();
        _admin = await SandboxApi.SignInAsync(_orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        (_analyst, _) = await _admin.CreateMemberAsync("bad-input-analyst");
    }

    public async Task DisposeAsync()
    {
        _analyst?.Dispose();
        _admin?.Dispose();
        await _orchestrator.DisposeAsync();
    }

    [Fact]
    public async Task A_gpu_size_on_a_node_without_gpus_fails_with_a_readable_reason_and_leaves_nothing()
    {
        var id = (await _analyst.LaunchAsync("python", "gpu")).GetProperty("id").GetString()!;

        var failed = await _analyst.WaitForStateAsync(id, SettleTimeout, "failed", "running");
        Assert.True(failed.GetProperty("state").GetString() == "failed", $"{failed}\n{_orchestrator.Tail()}");
        Assert.Equal("gpu_unavailable", failed.GetProperty("reason").GetString());
        Assert.Contains("Insufficient nvidia.com/gpu", failed.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNothingLeftAsync(id);
    }

    [Fact]
    public async Task An_image_that_cannot_be_pulled_fails_the_launch_with_image_pull_failed_and_leaves_nothing()
    {
        var id = (await _analyst.LaunchAsync("unpullable", "small")).GetProperty("id").GetString()!;

        var failed = await _analyst.WaitForStateAsync(id, SettleTimeout, "failed", "running");
        Assert.True(failed.GetProperty("state").GetString() == "failed", $"{failed}\n{_orchestrator.Tail()}");
        Assert.Equal("image_pull_failed", failed.GetProperty("reason").GetString());
        Assert.Contains(_unpullable, failed.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNothingLeftAsync(id);
    }

    [Fact]
    public async Task An_evicted_pod_fails_its_session_saying_evicted_and_leaves_nothing()
    {
        var id = await RunningSessionAsync();

        await _cluster.Node.EvictAsync(KubernetesTestCluster.NamespaceOf(_orchestrator), PodOf(id));

        var failed = await _analyst.WaitForStateAsync(id, SettleTimeout, "failed", "stopped");
        Assert.True(failed.GetProperty("state").GetString() == "failed", $"{failed}\n{_orchestrator.Tail()}");
        Assert.Equal("evicted", failed.GetProperty("reason").GetString());
        Assert.Contains("the cluster evicted it", failed.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNothingLeftAsync(id);
    }

    [Fact]
    public async Task A_sandbox_killed_for_memory_fails_its_session_saying_oom_killed_and_leaves_nothing()
    {
        var id = (await _analyst.LaunchAsync("hog", "small")).GetProperty("id").GetString()!;

        var failed = await _analyst.WaitForStateAsync(id, SettleTimeout, "failed", "stopped");
        Assert.True(failed.GetProperty("state").GetString() == "failed", $"{failed}\n{_orchestrator.Tail()}");
        // Its server never answers, so it dies while starting; the runtime's reason is the session's.
        Assert.Equal("oom_killed", failed.GetProperty("reason").GetString());
        Assert.Contains("ran out of memory (oom_killed)", failed.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNothingLeftAsync(id);
    }

    [Fact]
    public async Task A_launch_while_the_api_server_is_unreachable_is_refused_with_runtime_unavailable_and_accepted_once_it_is_back()
    {
        _cluster.Api.Unavailable = true;
        try
        {
            // The runtime's last answer is trusted for 2 s: readiness says it is out within that (polled, as a probe would).
            var deadline = DateTime.UtcNow.AddSeconds(10);
            JsonObject ready;
            while ((ready = await HealthAsync("/healthz/ready"))["status"]!.GetValue<string>() != "Degraded")
            {
                Assert.True(DateTime.UtcNow < deadline, $"Readiness still says {ready} 10 s after the API server went away.\n{_orchestrator.Tail()}");
                await Task.Delay(200); // a probe's interval
            }

            Assert.Equal("Degraded", ready["checks"]!["runtime"]!["status"]!.GetValue<string>());

            // Then a launch is refused at once, saying why and when to try again; nothing is stored or created.
            using var refused = await _analyst.Http.PostAsJsonAsync("/api/v1/sessions", new { profile = "python", size = "small" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("runtime.unavailable", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["reason"]!.GetValue<string>());
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Empty((await _analyst.Http.GetFromJsonAsync<JsonArray>("/api/v1/sessions"))!);
            Assert.Empty(_cluster.SessionPodsOf(_orchestrator));
            Assert.True(await _orchestrator.LogContainsAsync("The runtime cannot be reached", TimeSpan.FromSeconds(5)), _orchestrator.Tail());
        }
        finally
        {
            _cluster.Api.Unavailable = false;
        }

        // Back: the runtime's last answer is trusted for 2 s, so the launch is tried until it is accepted.
        var backBy = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage launched;
        while ((launched = await _analyst.Http.PostAsJsonAsync("/api/v1/sessions", new { profile = "python", size = "small" })).StatusCode != HttpStatusCode.Created)
        {
            Assert.True(DateTime.UtcNow < backBy, $"Still {launched.StatusCode} 30 s after the API server came back.\n{_orchestrator.Tail()}");
            launched.Dispose();
            await Task.Delay(200); // the refusal says "try again": the client's retry interval
        }

        var id = (await launched.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        launched.Dispose();
        Assert.Equal("Healthy", (await HealthAsync("/healthz/ready"))["checks"]!["runtime"]!["status"]!.GetValue<string>());
        var running = await _analyst.WaitForStateAsync(id, StartTimeout, "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{_orchestrator.Tail()}");
        await StopAsync(id);
    }

    [Fact]
    public async Task A_launch_accepted_while_the_api_server_cannot_write_is_retried_and_runs_once_it_can()
    {
        // The server answers (so the launch is accepted) but refuses every write, as one whose storage is unavailable.
        _cluster.Api.WritesUnavailable = true;
        string id;
        try
        {
            id = (await _analyst.LaunchAsync()).GetProperty("id").GetString()!;

            // The adapter met the outage (its retry is logged) and the session waits for it, neither failed nor running.
            Assert.True(await _orchestrator.LogContainsAsync($"Reconciling session {id} failed; retrying", TimeSpan.FromSeconds(30)) ||
                        await _orchestrator.LogContainsAsync("The runtime is unavailable", TimeSpan.Zero), _orchestrator.Tail());
            Assert.Contains((await _analyst.GetSessionAsync(id)).GetProperty("state").GetString(), new[] { "pending", "provisioning" });
            Assert.Empty(_cluster.SessionPodsOf(_orchestrator));
        }
        finally
        {
            _cluster.Api.WritesUnavailable = false;
        }

        var running = await _analyst.WaitForStateAsync(id, StartTimeout, "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{_orchestrator.Tail()}");
        Assert.Equal(HttpStatusCode.OK, (await _analyst.Http.GetAsync($"/s/{id}/api/status")).StatusCode);
        await StopAsync(id);
    }

    private async Task<JsonObject> HealthAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = _orchestrator.BaseAddress };
        using var response = await http.GetAsync(path);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task After_dropped_watches_and_a_compacted_history_a_stop_still_reaches_stopped_promptly()
    {
        var id = await RunningSessionAsync();

        // Every watch is cut, and the history it would resume from is gone: the adapter gets 410 and must list again.
        _cluster.Api.CompactHistory();
        _cluster.Api.DropWatches();

        Assert.Equal(HttpStatusCode.Accepted, (await _analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).StatusCode);
        var stopped = await _analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(20), "stopped", "failed");
        Assert.True(stopped.GetProperty("state").GetString() == "stopped", $"{stopped}\n{_orchestrator.Tail()}");
        await AssertNothingLeftAsync(id);

        // Watching works again after the relist: a second session starts and stops.
        var second = await RunningSessionAsync();
        await StopAsync(second);
    }

    [Fact]
    public async Task A_pod_of_someone_else_with_the_sessions_name_fails_the_launch_with_name_conflict_and_is_left_untouched()
    {
        var ns = KubernetesTestCluster.NamespaceOf(_orchestrator);
        string id;
        string uid;

        // The API refuses writes while the launch is accepted, so the foreign pod is in place before the adapter's create.
        // (Writes only: with the whole API down the launch itself is refused, runtime.unavailable, once the orchestrator's
        // last ping of it is older than its 2 s.)
        _cluster.Api.WritesUnavailable = true;
        try
        {
            id = (await _analyst.LaunchAsync()).GetProperty("id").GetString()!;
            var foreign = _cluster.Store.Create("pods", ns, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = new JsonObject
                {
                    ["name"] = $"sbx-{_orchestrator.InstallationId}-{id}",
                    ["labels"] = new JsonObject { ["app"] = "someone-elses" },
                },
                ["spec"] = new JsonObject
                {
                    ["terminationGracePeriodSeconds"] = 1,
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "main",
                        ["image"] = "sandbox/python-notebook:1",
                        ["imagePullPolicy"] = "IfNotPresent",
                        ["args"] = new JsonArray("sleep", "600"),
                        ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "64Mi" } },
                    }),
                },
            });
            uid = foreign["metadata"]!["uid"]!.GetValue<string>();
        }
        finally
        {
            _cluster.Api.WritesUnavailable = false;
        }

        var failed = await _analyst.WaitForStateAsync(id, SettleTimeout, "failed", "running");
        Assert.True(failed.GetProperty("state").GetString() == "failed", $"{failed}\n{_orchestrator.Tail()}");
        Assert.Equal("name_conflict", failed.GetProperty("reason").GetString());
        Assert.Contains($"sbx-{_orchestrator.InstallationId}-{id}", failed.GetProperty("message").GetString(), StringComparison.Ordinal);

        var pod = _cluster.Store.Get("pods", ns, $"sbx-{_orchestrator.InstallationId}-{id}");
        Assert.NotNull(pod);
        Assert.Equal(uid, pod["metadata"]!["uid"]!.GetValue<string>());
        Assert.Null(pod["metadata"]!["deletionTimestamp"]);
        Assert.Equal("someone-elses", KubernetesTestCluster.LabelOf(pod, "app"));
        Assert.DoesNotContain(_cluster.ObjectsOf(_orchestrator, "secrets"), s => KubernetesTestCluster.LabelOf(s, KubernetesTestCluster.SessionLabel) == id);

        _cluster.Store.Delete(ApiResource.Pods, ns, KubernetesTestCluster.NameOf(pod), DeleteOptions.Default with { GracePeriodSeconds = 1 });
    }

    private async Task<string> RunningSessionAsync()
    {
        var id = (await _analyst.LaunchAsync()).GetProperty("id").GetString()!;
        var running = await _analyst.WaitForStateAsync(id, StartTimeout, "running", "failed");
        Assert.True(running.GetProperty("state").GetString() == "running", $"{running}\n{_orchestrator.Tail()}");
        return id;
    }

    private string PodOf(string sessionId) => Assert.Single(_cluster.SessionPodsOf(_orchestrator), p => p.Session == sessionId).Name;

    private async Task StopAsync(string id)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).StatusCode);
        var stopped = await _analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(30), "stopped", "failed");
        Assert.True(stopped.GetProperty("state").GetString() == "stopped", $"{stopped}\n{_orchestrator.Tail()}");
        await AssertNothingLeftAsync(id);
    }

    // No pod and no secret of the session, within a deadline (a pod's deletion is graceful).
    private async Task AssertNothingLeftAsync(string sessionId)
    {
        bool Clean() =>
            !_cluster.ObjectsOf(_orchestrator, "pods").Any(p => KubernetesTestCluster.LabelOf(p, KubernetesTestCluster.SessionLabel) == sessionId)
            && !_cluster.ObjectsOf(_orchestrator, "secrets").Any(s => KubernetesTestCluster.LabelOf(s, KubernetesTestCluster.SessionLabel) == sessionId);

        Assert.True(await _cluster.WaitForAsync(Clean, TimeSpan.FromSeconds(30)),
            $"left: {string.Join(", ", _cluster.ObjectsOf(_orchestrator, "pods").Concat(_cluster.ObjectsOf(_orchestrator, "secrets")).Select(KubernetesTestCluster.NameOf))}\n{_orchestrator.Tail()}");
    }
}
