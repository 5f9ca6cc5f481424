using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;

namespace Sandbox.KubernetesDouble.Tests.Node;

/// <summary>
/// The double's node on the real engine: scheduling, pulls, volumes, confinement, status, events, logs, OOM, eviction
/// and graceful deletion. Every wait is on the store's changes (<see cref="InMemoryClusterStore.WaitForAsync"/>).
/// </summary>
[Collection(DockerNodeTestGroup.Name)]
public sealed class DockerNodeTests(NodeFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private InMemoryClusterStore Store => fixture.Store;

    [Fact]
    public async Task A_notebook_pod_gets_ready_with_a_pod_ip_that_answers_jupyter_with_its_token()
    {
        const string ns = "notebook";
        Store.Create("secrets", ns, TestPods.Secret("nb-token", "JUPYTER_TOKEN", "tok-123"));
        var pod = TestPods.Restricted(
            "nb",
            args: ["jupyter", "notebook", "--no-browser", "--ip=0.0.0.0", "--port=8888"],
            volumes: (JsonArray)TestPods.Json("""[{"name": "tmp", "emptyDir": {"sizeLimit": "1Gi"}}, {"name": "home", "emptyDir": {}}]"""),
            mounts: (JsonArray)TestPods.Json("""[{"name": "tmp", "mountPath": "/tmp"}, {"name": "home", "mountPath": "/home/analyst"}]"""),
            env: (JsonArray)TestPods.Json("""[{"name": "JUPYTER_TOKEN", "valueFrom": {"secretKeyRef": {"name": "nb-token", "key": "JUPYTER_TOKEN"}}}]"""),
            readinessProbe: (JsonObject)TestPods.Json("""{"httpGet": {"path": "/api", "port": "http"}, "periodSeconds": 1}"""));
        Store.Create("pods", ns, pod);

        await Store.WaitForAsync(s => s.Condition(ns, "nb", "Ready")?.Status == "True", Timeout, () => Store.Describe(ns, "nb"));

        var stored = Store.Get("pods", ns, "nb")!;
        Assert.Equal("double-node-1", TestPods.Str(stored, "spec", "nodeName"));
        Assert.Equal("Running", TestPods.Str(stored, "status", "phase"));
        Assert.Equal("Guaranteed", TestPods.Str(stored, "status", "qosClass"));
        Assert.NotNull(TestPods.Str(stored, "status", "startTime"));
        var ip = TestPods.Str(stored, "status", "podIP")!;
        Assert.True(IPAddress.TryParse(ip, out _), ip);
        Assert.StartsWith("docker://", TestPods.Str(stored["status"]!["containerStatuses"]![0], "containerID"), StringComparison.Ordinal);

        using var withToken = new HttpRequestMessage(HttpMethod.Get, $"http://{ip}:8888/api/status");
        withToken.Headers.Authorization = new AuthenticationHeaderValue("token", "tok-123");
        using var answer = await fixture.Http.SendAsync(withToken);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("\"started\"", await answer.Content.ReadAsStringAsync());

        // The token keeps others out: the contents API refuses a request without it (the client keeps no cookies).
        using var withoutToken = await fixture.Http.GetAsync(new Uri($"http://{ip}:8888/api/contents"));
        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.StatusCode);

        var events = Store.Events(ns, "nb");
        Assert.Contains(("Normal", "Scheduled", "Successfully assigned notebook/nb to double-node-1", "default-scheduler"), events);
        Assert.Contains(("Normal", "Pulled", $"Container image \"{NodeFixture.NotebookImage}\" already present on machine", "kubelet"), events);
        Assert.Contains(("Normal", "Created", "Created container: main", "kubelet"), events);
        Assert.Contains(("Normal", "Started", "Started container main", "kubelet"), events);

        // The engine got the pod's confinement.
        var container = await InspectAsync(stored);
        Assert.Equal("1000:1000", container.Config!.User);
        Assert.True(container.HostConfig!.ReadonlyRootfs);
        Assert.Equal(["ALL"], container.HostConfig!.CapDrop);
        Assert.Contains("no-new-privileges", container.HostConfig!.SecurityOpt ?? []);
        Assert.Equal(256 * 1024 * 1024, container.HostConfig!.Memory);
        Assert.Equal(container.HostConfig!.Memory, container.HostConfig!.MemorySwap);
        Assert.Equal(250_000_000, container.HostConfig!.NanoCPUs);
        Assert.Equal(256, container.HostConfig!.PidsLimit);
        Assert.Equal(["jupyter", "notebook", "--no-browser", "--ip=0.0.0.0", "--port=8888"], container.Config!.Cmd);
        Assert.Equal(["/usr/bin/tini", "--"], container.Config!.Entrypoint); // args, not command: the image's entrypoint stays

        await DeleteAndWaitGoneAsync(ns, "nb");
    }

    [Fact]
    public async Task A_pod_runs_as_uid_1000_on_a_read_only_root_and_its_log_says_so()
    {
        const string ns = "confined";
        Store.Create("pods", ns, TestPods.Restricted(
            "whoami",
            command: ["sh", "-c", "id -u; id -G; touch /probe 2>/dev/null && echo root-writable || echo root-read-only; touch /tmp/ok && echo tmp-writable"],
            volumes: (JsonArray)TestPods.Json("""[{"name": "tmp", "emptyDir": {"medium": "Memory", "sizeLimit": "16Mi"}}]"""),
            mounts: (JsonArray)TestPods.Json("""[{"name": "tmp", "mountPath": "/tmp"}]""")));

        await Store.WaitForAsync(s => s.Phase(ns, "whoami") == "Succeeded", Timeout, () => Store.Describe(ns, "whoami"));

        var log = await LogAsync(ns, "whoami");
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("1000", lines[0]);
        Assert.Contains("1000", lines[1].Split(' '));
        Assert.Contains("root-read-only", lines);
        Assert.Contains("tmp-writable", lines);
        Assert.Equal(("terminated", "Completed"), Store.State(ns, "whoami"));
        await DeleteAndWaitGoneAsync(ns, "whoami");
    }

    [Fact]
    public async Task An_image_volume_shows_the_data_images_files_read_only_pulled_with_the_nodes_credentials()
    {
        const string ns = "datasets";
        Store.Create("pods", ns, TestPods.Restricted(
            "reader",
            command: ["sh", "-c", "cat /data/shops/prices.csv; touch /data/shops/new 2>/dev/null && echo data-writable || echo data-read-only; ls /data/shops"],
            volumes: new JsonArray(new JsonObject { ["name"] = "ds-shops", ["image"] = new JsonObject { ["reference"] = fixture.DataImage, ["pullPolicy"] = "IfNotPresent" } }),
            mounts: (JsonArray)TestPods.Json("""[{"name": "ds-shops", "mountPath": "/data/shops", "readOnly": true, "subPath": "data/shops"}]""")));

        await Store.WaitForAsync(s => s.Phase(ns, "reader") == "Succeeded", Timeout, () => Store.Describe(ns, "reader"));

        var log = await LogAsync(ns, "reader");
        Assert.StartsWith(NodeFixture.PricesCsv + "data-read-only\n", log, StringComparison.Ordinal);
        Assert.DoesNotContain("new", log);
        var events = Store.Events(ns, "reader");
        Assert.Contains(events, e => e.Reason == "Pulling" && e.Message == $"Pulling image \"{fixture.DataImage}\"");
        Assert.Contains(events, e => e.Reason == "Pulled" && e.Message!.StartsWith($"Successfully pulled image \"{fixture.DataImage}\" in ", StringComparison.Ordinal));
        await DeleteAndWaitGoneAsync(ns, "reader");
    }

    [Fact]
    public async Task A_claim_keeps_files_across_two_pods_and_its_volume_goes_with_the_claim()
    {
        const string ns = "homes";
        var claim = Store.Create("persistentvolumeclaims", ns, TestPods.BoundClaim("home-m1"));
        var home = (JsonArray)TestPods.Json("""[{"name": "home", "persistentVolumeClaim": {"claimName": "home-m1"}}]""");
        var mount = (JsonArray)TestPods.Json("""[{"name": "home", "mountPath": "/home/analyst"}]""");
        Store.Create("pods", ns, TestPods.Restricted("writer", command: ["sh", "-c", "echo kept > /home/analyst/note.txt && echo wrote"], volumes: home, mounts: mount));
        await Store.WaitForAsync(s => s.Phase(ns, "writer") is "Succeeded" or "Failed", Timeout, () => Store.Describe(ns, "writer"));
        Assert.Equal("Succeeded", Store.Phase(ns, "writer"));
        await DeleteAndWaitGoneAsync(ns, "writer");

        Store.Create("pods", ns, TestPods.Restricted("reader", command: ["cat", "/home/analyst/note.txt"], volumes: home, mounts: mount));
        await Store.WaitForAsync(s => s.Phase(ns, "reader") is "Succeeded" or "Failed", Timeout, () => Store.Describe(ns, "reader"));
        Assert.Equal("kept\n", await LogAsync(ns, "reader"));
        await DeleteAndWaitGoneAsync(ns, "reader");

        var claimLabel = $"{NodeFixture.LabelPrefix}claim-uid={TestPods.Str(claim, "metadata", "uid")}";
        Assert.Single(await VolumesAsync(claimLabel));
        Store.Delete("persistentvolumeclaims", ns, "home-m1");
        await WaitUntilAsync(async () => (await VolumesAsync(claimLabel)).Count == 0, "the claim's volume is removed");
    }

    [Fact]
    public async Task An_unknown_image_gives_ErrImagePull_then_ImagePullBackOff_with_events()
    {
        const string ns = "pulls";
        var image = $"{fixture.Registry.Host}/nowhere/missing:1";

        // Every state the pod passes through, from its changes (the store's current state may already be past one).
        using var watching = new CancellationTokenSource(Timeout);
        var changes = Store.ChangesAsync(watching.Token);
        Store.Create("pods", ns, TestPods.Restricted("missing", image: image));
        var seen = new List<string>();
        await foreach (var change in changes)
        {
            if (change.Resource == "pods" && TestPods.Str(change.Object, "metadata", "name") == "missing"
                && TestPods.Str(change.Object["status"]?["containerStatuses"]?[0], "state", "waiting", "reason") is { } reason
                && (seen.Count == 0 || seen[^1] != reason))
            {
                seen.Add(reason);
            }

            if (seen.Contains("ImagePullBackOff") && Store.Events(ns, "missing").Any(e => e.Reason == "BackOff"))
            {
                break;
            }
        }

        Assert.Equal(["ContainerCreating", "ErrImagePull", "ImagePullBackOff"], seen.Take(3));
        Assert.Equal("Pending", Store.Phase(ns, "missing"));
        var events = Store.Events(ns, "missing");
        Assert.Contains(events, e => e is ("Normal", "Pulling", _, "kubelet") && e.Message == $"Pulling image \"{image}\"");
        Assert.Contains(events, e => e is ("Warning", "Failed", _, _) && e.Message!.StartsWith($"Failed to pull image \"{image}\": ", StringComparison.Ordinal));
        Assert.Contains(("Warning", "Failed", "Error: ErrImagePull", "kubelet"), events);
        Assert.Contains(("Normal", "BackOff", $"Back-off pulling image \"{image}\"", "kubelet"), events);
        await DeleteAndWaitGoneAsync(ns, "missing");
    }

    [Fact]
    public async Task A_gpu_pod_on_a_node_without_gpus_is_unschedulable_with_FailedScheduling()
    {
        const string ns = "gpu";
        Store.Create("pods", ns, TestPods.Restricted(
            "trainer",
            resources: (JsonObject)TestPods.Json("""{"limits": {"cpu": "1", "memory": "1Gi", "nvidia.com/gpu": "1"}}""")));

        await Store.WaitForAsync(s => s.Condition(ns, "trainer", "PodScheduled")?.Status == "False", Timeout, () => Store.Describe(ns, "trainer"));

        const string message = "0/1 nodes are available: 1 Insufficient nvidia.com/gpu.";
        Assert.Equal(("False", "Unschedulable", message), Store.Condition(ns, "trainer", "PodScheduled"));
        Assert.Equal("Pending", Store.Phase(ns, "trainer"));
        Assert.Null(TestPods.Str(Store.Get("pods", ns, "trainer"), "spec", "nodeName"));
        Assert.Contains(("Warning", "FailedScheduling", message, "default-scheduler"), Store.Events(ns, "trainer"));
        Store.Delete("pods", ns, "trainer");
        Assert.Null(Store.Get("pods", ns, "trainer"));
    }

    [Fact]
    public async Task A_pod_waiting_for_capacity_is_scheduled_when_capacity_frees()
    {
        const string ns = "capacity";
        var big = (JsonObject)TestPods.Json("""{"requests": {"cpu": "3", "memory": "64Mi"}, "limits": {"cpu": "3", "memory": "64Mi"}}""");
        Store.Create("pods", ns, TestPods.Restricted("first", command: ["sleep", "300"], resources: big));
        await Store.WaitForAsync(s => s.Phase(ns, "first") == "Running", Timeout, () => Store.Describe(ns, "first"));
        Store.Create("pods", ns, TestPods.Restricted("second", command: ["sleep", "300"], resources: (JsonObject)big.DeepClone()));
        await Store.WaitForAsync(s => s.Condition(ns, "second", "PodScheduled")?.Status == "False", Timeout, () => Store.Describe(ns, "second"));
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", Store.Condition(ns, "second", "PodScheduled")?.Message);

        Store.Delete("pods", ns, "first");
        await Store.WaitForAsync(s => s.Phase(ns, "second") == "Running", Timeout, () => Store.Describe(ns, "second"));
        Assert.Equal("True", Store.Condition(ns, "second", "PodScheduled")?.Status);
        await DeleteAndWaitGoneAsync(ns, "second");
    }

    [Fact]
    public async Task A_missing_secret_holds_the_container_in_CreateContainerConfigError_until_it_exists()
    {
        const string ns = "secrets";
        Store.Create("pods", ns, TestPods.Restricted(
            "late",
            command: ["sh", "-c", "echo \"token=$TOKEN\""],
            env: (JsonArray)TestPods.Json("""[{"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "late-token", "key": "TOKEN"}}}]""")));
        // The status and the event are two writes: wait for both.
        await Store.WaitForAsync(
            s => s.State(ns, "late") is ("waiting", "CreateContainerConfigError")
                && s.Events(ns, "late").Contains(("Warning", "Failed", "Error: secret \"late-token\" not found", "kubelet")),
            Timeout,
            () => Store.Describe(ns, "late"));

        Store.Create("secrets", ns, TestPods.Secret("late-token", "TOKEN", "s3cret"));
        await Store.WaitForAsync(s => s.Phase(ns, "late") == "Succeeded", Timeout, () => Store.Describe(ns, "late"));
        Assert.Equal("token=s3cret\n", await LogAsync(ns, "late"));
        await DeleteAndWaitGoneAsync(ns, "late");
    }

    [Fact]
    public async Task A_memory_hog_is_OOMKilled()
    {
        const string ns = "oom";
        Store.Create("pods", ns, TestPods.Restricted(
            "hog",
            command: ["python3", "-c", "b = b'x' * (512 * 1024 * 1024); print(len(b))"],
            resources: (JsonObject)TestPods.Json("""{"limits": {"cpu": "500m", "memory": "64Mi"}}""")));

        await Store.WaitForAsync(s => s.Phase(ns, "hog") is "Failed" or "Succeeded", Timeout, () => Store.Describe(ns, "hog"));

        Assert.Equal("Failed", Store.Phase(ns, "hog"));
        Assert.Equal(("terminated", "OOMKilled"), Store.State(ns, "hog"));
        Assert.Equal(137, Store.Get("pods", ns, "hog")!["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["exitCode"]!.GetValue<long>());
        await DeleteAndWaitGoneAsync(ns, "hog");
    }

    [Fact]
    public async Task Eviction_fails_the_pod_with_reason_Evicted_and_stops_its_containers()
    {
        const string ns = "evict";
        Store.Create("pods", ns, TestPods.Restricted("victim", command: ["sleep", "300"]));
        await Store.WaitForAsync(s => s.Phase(ns, "victim") == "Running", Timeout, () => Store.Describe(ns, "victim"));

        await fixture.Node.EvictAsync(ns, "victim");

        var pod = Store.Get("pods", ns, "victim")!;
        Assert.Equal("Failed", TestPods.Str(pod, "status", "phase"));
        Assert.Equal("Evicted", TestPods.Str(pod, "status", "reason"));
        Assert.Equal("The node was low on resource: memory.", TestPods.Str(pod, "status", "message"));
        Assert.Equal("False", Store.Condition(ns, "victim", "Ready")?.Status);
        Assert.Equal("terminated", Store.State(ns, "victim")?.Kind);
        Assert.Contains(("Warning", "Evicted", "The node was low on resource: memory.", "kubelet"), Store.Events(ns, "victim"));
        Assert.False((await InspectAsync(pod)).State!.Running);
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Node.EvictAsync(ns, "nobody"));
        await DeleteAndWaitGoneAsync(ns, "victim");
    }

    [Fact]
    public async Task Graceful_deletion_stops_the_containers_then_removes_them_their_volumes_and_the_pod()
    {
        const string ns = "deletion";
        var pod = Store.Create("pods", ns, TestPods.Restricted(
            "doomed",
            command: ["sleep", "300"],
            volumes: (JsonArray)TestPods.Json("""[{"name": "scratch", "emptyDir": {}}]"""),
            mounts: (JsonArray)TestPods.Json("""[{"name": "scratch", "mountPath": "/scratch"}]""")));
        await Store.WaitForAsync(s => s.Phase(ns, "doomed") == "Running", Timeout, () => Store.Describe(ns, "doomed"));
        var uidLabel = $"{NodeFixture.LabelPrefix}pod-uid={TestPods.Str(pod, "metadata", "uid")}";
        Assert.Single(await ContainersAsync(uidLabel));
        Assert.Single(await VolumesAsync(uidLabel));

        Store.Delete("pods", ns, "doomed", gracePeriodSeconds: 1);
        Assert.NotNull(TestPods.Str(Store.Get("pods", ns, "doomed"), "metadata", "deletionTimestamp"));
        await Store.WaitForAsync(s => s.Get("pods", ns, "doomed") is null, Timeout, () => Store.Describe(ns, "doomed"));

        Assert.Contains(("Normal", "Killing", "Stopping container main", "kubelet"), Store.Events(ns, "doomed"));
        Assert.Empty(await ContainersAsync(uidLabel));
        Assert.Empty(await VolumesAsync(uidLabel));
    }

    [Fact]
    public async Task Init_containers_run_to_completion_first_and_share_an_emptyDir_and_a_followed_log_ends_with_the_container()
    {
        const string ns = "init";
        var pod = TestPods.Restricted(
            "staged",
            command: ["sh", "-c", "echo start; while [ ! -e /tmp/go ]; do sleep 0.1; done; cat /shared/fetched.txt"],
            volumes: (JsonArray)TestPods.Json("""[{"name": "shared", "emptyDir": {}}, {"name": "tmp", "emptyDir": {}}]"""),
            mounts: (JsonArray)TestPods.Json("""[{"name": "shared", "mountPath": "/shared", "readOnly": true}, {"name": "tmp", "mountPath": "/tmp"}]"""));
        var init = pod["spec"]!["containers"]![0]!.DeepClone().AsObject();
        init["name"] = "fetch";
        init["command"] = new JsonArray("sh", "-c", "echo fetched-by-init > /shared/fetched.txt");
        init["volumeMounts"] = TestPods.Json("""[{"name": "shared", "mountPath": "/shared"}]""");
        pod["spec"]!["initContainers"] = new JsonArray(init);
        Store.Create("pods", ns, pod);

        await Store.WaitForAsync(s => s.Phase(ns, "staged") == "Running", Timeout, () => Store.Describe(ns, "staged"));
        Assert.Equal("True", Store.Condition(ns, "staged", "Initialized")?.Status);
        var initState = Store.Get("pods", ns, "staged")!["status"]!["initContainerStatuses"]![0]!["state"]!["terminated"]!;
        Assert.Equal(("Completed", 0L), (TestPods.Str(initState, "reason"), initState["exitCode"]!.GetValue<long>()));

        // Followed from while it runs; the container goes on only once the log is being followed.
        await using var log = await fixture.Node.OpenAsync(new PodLogRequest(ns, "staged", "main", Follow: true, TailLines: null, Timestamps: false), CancellationToken.None);
        Assert.NotNull(log);
        using var reader = new StreamReader(log);
        var follow = reader.ReadToEndAsync();
        var id = TestPods.Str(Store.Get("pods", ns, "staged")!["status"]!["containerStatuses"]![0], "containerID")!["docker://".Length..];
        var exec = await fixture.Docker.Exec.CreateContainerExecAsync(id, new ContainerExecCreateParameters { Cmd = ["touch", "/tmp/go"] });
        await fixture.Docker.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters { Detach = true });
        Assert.Equal("start\nfetched-by-init\n", await follow.WaitAsync(Timeout));
        await Store.WaitForAsync(s => s.Phase(ns, "staged") == "Succeeded", Timeout, () => Store.Describe(ns, "staged"));
        await DeleteAndWaitGoneAsync(ns, "staged");
    }

    [Fact]
    public async Task Init_containers_copy_a_static_tool_from_the_notebook_image_and_with_it_a_data_image_without_a_command_into_an_emptyDir()
    {
        const string ns = "initcopy";
        await ForgetDataImageAsync(); // an earlier test may have had it pulled: this one shows the node pulling it
        Store.Create("pods", ns, CopyingPod("copied", "shops", "cat /data/shops/prices.csv; ls -ln /data/shops; touch /data/shops/new 2>/dev/null && echo data-writable || echo data-read-only"));

        await Store.WaitForAsync(s => s.Phase(ns, "copied") is "Succeeded" or "Failed", Timeout, () => Store.Describe(ns, "copied"));

        Assert.True(Store.Phase(ns, "copied") == "Succeeded", Store.Describe(ns, "copied"));
        var statuses = Store.Get("pods", ns, "copied")!["status"]!["initContainerStatuses"]!.AsArray();
        Assert.Equal(["copy-tool", "dataset-0"], statuses.Select(c => TestPods.Str(c, "name")));
        Assert.All(statuses, c => Assert.Equal(0L, c!["state"]!["terminated"]!["exitCode"]!.GetValue<long>()));
        var log = await LogAsync(ns, "copied");
        Assert.StartsWith(NodeFixture.PricesCsv, log, StringComparison.Ordinal);

        // Copied by uid 1000 (the owner column), readable by all, and read-only to the main container.
        Assert.Matches(@"-rw-r--r--\s+1 1000\s+1000\s+\d+ .* prices\.csv\n", log);
        Assert.EndsWith("data-read-only\n", log, StringComparison.Ordinal);
        var events = Store.Events(ns, "copied");
        Assert.Contains(events, e => e.Reason == "Pulled" && e.Message!.StartsWith($"Successfully pulled image \"{fixture.DataImage}\" in ", StringComparison.Ordinal));
        Assert.Contains(("Normal", "Started", "Started container dataset-0", "kubelet"), events);
        await DeleteAndWaitGoneAsync(ns, "copied");
        await ForgetDataImageAsync();
    }

    [Fact]
    public async Task A_copy_that_fails_in_an_init_container_fails_the_pod_with_its_exit_code_and_never_starts_the_main_container()
    {
        const string ns = "initcopy-fails";
        Store.Create("pods", ns, CopyingPod("broken", "not-in-the-image", "echo never"));

        await Store.WaitForAsync(s => s.Phase(ns, "broken") == "Failed", Timeout, () => Store.Describe(ns, "broken"));

        var status = Store.Get("pods", ns, "broken")!["status"]!;
        var copy = status["initContainerStatuses"]!.AsArray().Single(c => TestPods.Str(c, "name") == "dataset-0")!["state"]!["terminated"]!;
        Assert.NotEqual(0L, copy["exitCode"]!.GetValue<long>());
        Assert.Null(status["containerStatuses"]![0]!["state"]!["running"]);
        Assert.Null(status["containerStatuses"]![0]!["state"]!["terminated"]);
        Assert.Equal("False", Store.Condition(ns, "broken", "Initialized")?.Status);
        await DeleteAndWaitGoneAsync(ns, "broken");
        await ForgetDataImageAsync();
    }

    /// <summary>Removes the data image if the node pulled it, so it is on the registry only again, as the fixture left it.</summary>
    private async Task ForgetDataImageAsync()
    {
        try
        {
            await fixture.Docker.Images.DeleteImageAsync(fixture.DataImage, new ImageDeleteParameters { Force = true });
        }
        catch (Docker.DotNet.DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Not pulled.
        }
    }

    /// <summary>
    /// A pod laid out as the adapter's InitCopy mode lays it out: the notebook image's static BusyBox copied into
    /// <c>sandbox-tools</c>, then the data image's <c>/data/{folder}/</c> copied with it into <c>dataset-0</c>, which the
    /// main container mounts read-only at <c>/data/shops</c> and runs <paramref name="script"/> against.
    /// </summary>
    private JsonObject CopyingPod(string name, string folder, string script)
    {
        var pod = TestPods.Restricted(
            name,
            command: ["sh", "-c", script],
            volumes: (JsonArray)TestPods.Json("""[{"name": "sandbox-tools", "emptyDir": {"sizeLimit": "16Mi"}}, {"name": "dataset-0", "emptyDir": {}}]"""),
            mounts: (JsonArray)TestPods.Json("""[{"name": "dataset-0", "mountPath": "/data/shops", "readOnly": true}]"""));
        JsonObject Init(string initName, string image, string[] command, string mounts)
        {
            var init = pod["spec"]!["containers"]![0]!.DeepClone().AsObject();
            init["name"] = initName;
            init["image"] = image;
            init["command"] = new JsonArray(command.Select(c => (JsonNode)c!).ToArray());
            init["volumeMounts"] = TestPods.Json(mounts);
            init["resources"] = TestPods.Json("""{"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "100m", "memory": "128Mi"}}""");
            init.Remove("ports");
            return init;
        }

        pod["spec"]!["initContainers"] = new JsonArray(
            Init("copy-tool", NodeFixture.NotebookImage, ["/bin/busybox", "cp", "/bin/busybox", "/sandbox-tools/busybox"],
                """[{"name": "sandbox-tools", "mountPath": "/sandbox-tools"}]"""),
            Init("dataset-0", fixture.DataImage, ["/sandbox-tools/busybox", "cp", "-R", $"/data/{folder}/.", "/dataset/"],
                """[{"name": "sandbox-tools", "mountPath": "/sandbox-tools", "readOnly": true}, {"name": "dataset-0", "mountPath": "/dataset"}]"""));
        return pod;
    }

    private async Task DeleteAndWaitGoneAsync(string ns, string name)
    {
        Store.Delete("pods", ns, name, gracePeriodSeconds: 1);
        await Store.WaitForAsync(s => s.Get("pods", ns, name) is null, Timeout, () => Store.Describe(ns, name));
    }

    private async Task<string> LogAsync(string ns, string pod)
    {
        await using var log = await fixture.Node.OpenAsync(new PodLogRequest(ns, pod, "main", Follow: false, TailLines: null, Timestamps: false), CancellationToken.None);
        Assert.NotNull(log);
        using var reader = new StreamReader(log);
        return await reader.ReadToEndAsync();
    }

    private async Task<ContainerInspectResponse> InspectAsync(JsonObject pod)
    {
        var id = TestPods.Str(pod["status"]!["containerStatuses"]![0], "containerID")!["docker://".Length..];
        return await fixture.Docker.Containers.InspectContainerAsync(id);
    }

    private async Task<IList<ContainerListResponse>> ContainersAsync(string label) =>
        await fixture.Docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } } });

    private async Task<IList<VolumeResponse>> VolumesAsync(string label) =>
        (await fixture.Docker.Volumes.ListAsync(new VolumesListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } } })).Volumes ?? [];

    /// <summary>For what the store does not signal (the engine's volumes): checks again after each store change or engine event.</summary>
    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        using var events = new CancellationTokenSource();
        var signal = new SemaphoreSlim(0);
        var monitor = fixture.Docker.System.MonitorEventsAsync(
            new ContainerEventsParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["type"] = new Dictionary<string, bool> { ["volume"] = true } } },
            new Progress<Message>(_ => signal.Release()),
            events.Token);
        try
        {
            while (!await condition())
            {
                try
                {
                    await signal.WaitAsync(TimeSpan.FromSeconds(1), deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"Not within {Timeout}: {what}.");
                }
            }
        }
        finally
        {
            await events.CancelAsync();
            try
            {
                await monitor;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }
    }
}
