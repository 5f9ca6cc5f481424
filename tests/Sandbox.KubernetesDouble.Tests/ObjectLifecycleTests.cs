using System.Text;
using k8s;
using k8s.Models;

namespace Sandbox.KubernetesDouble.Tests;

/// <summary>Create, read, list, replace, patch and delete of each kind through KubernetesClient, and the Status of each failure.</summary>
public sealed class ObjectLifecycleTests : ApiDoubleTestBase
{
    [Fact]
    public async Task Pod_create_get_list_delete()
    {
        var created = await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1", new Dictionary<string, string> { ["app"] = "nb" }), Ns);
        Assert.Equal("Pod", created.Kind);
        Assert.Equal("v1", created.ApiVersion);
        Assert.Equal(Ns, created.Metadata.NamespaceProperty);
        Assert.True(Guid.TryParse(created.Metadata.Uid, out _));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal("Pending", created.Status.Phase);
        Assert.Equal("Always", created.Spec.RestartPolicy);
        Assert.Equal(30, created.Spec.TerminationGracePeriodSeconds);
        Assert.Equal("IfNotPresent", created.Spec.Containers[0].ImagePullPolicy);

        var read = await Client.CoreV1.ReadNamespacedPodAsync("p1", Ns);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);

        var list = await Client.CoreV1.ListNamespacedPodAsync(Ns);
        Assert.Equal("p1", Assert.Single(list.Items).Metadata.Name);
        Assert.True(long.Parse(list.Metadata.ResourceVersion) >= long.Parse(created.Metadata.ResourceVersion));
        Assert.Empty((await Client.CoreV1.ListNamespacedPodAsync("elsewhere")).Items);

        var deleted = await Client.CoreV1.DeleteNamespacedPodAsync("p1", Ns); // no node runs it: gone at once
        Assert.Equal("p1", deleted.Metadata.Name);
        Assert.Null(await TryReadPodAsync("p1"));
        var status = await FailsWith(404, () => Client.CoreV1.DeleteNamespacedPodAsync("p1", Ns));
        Assert.Equal("NotFound", status.Reason);
    }

    [Fact]
    public async Task Secret_string_data_becomes_base64_data_and_delete_answers_a_status()
    {
        var created = await Client.CoreV1.CreateNamespacedSecretAsync(Secret("s1"), Ns);
        Assert.Null(created.StringData);
        Assert.Equal("t0ken", Encoding.UTF8.GetString(created.Data["JUPYTER_TOKEN"]));
        Assert.Equal("Opaque", created.Type);

        var patched = await Client.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch("""{"metadata":{"labels":{"sandbox.coop/installation":"i1"}}}""", V1Patch.PatchType.MergePatch), "s1", Ns);
        Assert.Equal("i1", patched.Metadata.Labels["sandbox.coop/installation"]);
        Assert.True(long.Parse(patched.Metadata.ResourceVersion) > long.Parse(created.Metadata.ResourceVersion));
        Assert.Equal("t0ken", Encoding.UTF8.GetString(patched.Data["JUPYTER_TOKEN"]));

        var wrongUid = await FailsWith(409, () => Client.CoreV1.DeleteNamespacedSecretAsync("s1", Ns,
            new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = "not-the-uid" } }));
        Assert.Equal("Conflict", wrongUid.Reason);

        var status = await Client.CoreV1.DeleteNamespacedSecretAsync("s1", Ns,
            new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = created.Metadata.Uid } });
        Assert.Equal("Success", status.Status);
        Assert.Equal("s1", status.Details.Name);
        Assert.Equal(created.Metadata.Uid, status.Details.Uid);
        Assert.Empty((await Client.CoreV1.ListNamespacedSecretAsync(Ns)).Items);
    }

    [Fact]
    public async Task Network_policy_replace_with_a_stale_version_is_a_conflict()
    {
        var policy = new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = "np" },
            Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["a"] = "b" } }, PolicyTypes = ["Ingress"] },
        };
        var created = await Client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(policy, Ns);
        Assert.Equal("networking.k8s.io/v1", created.ApiVersion);

        created.Spec.PolicyTypes = ["Ingress", "Egress"];
        var replaced = await Client.NetworkingV1.ReplaceNamespacedNetworkPolicyAsync(created, "np", Ns);
        Assert.Equal(["Ingress", "Egress"], replaced.Spec.PolicyTypes);
        Assert.Equal(2, replaced.Metadata.Generation);

        created.Spec.PolicyTypes = ["Egress"]; // still carries the first resourceVersion
        var conflict = await FailsWith(409, () => Client.NetworkingV1.ReplaceNamespacedNetworkPolicyAsync(created, "np", Ns));
        Assert.Equal("Conflict", conflict.Reason);
        Assert.Contains("the object has been modified", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(["Ingress", "Egress"], (await Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("np", Ns)).Spec.PolicyTypes);

        var status = await Client.NetworkingV1.DeleteNamespacedNetworkPolicyAsync("np", Ns);
        Assert.Equal("Success", status.Status);
        await FailsWith(404, () => Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("np", Ns));
    }

    [Fact]
    public async Task Events_are_listed_by_involved_object()
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        Server.Store.Create("events", Ns, new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "p1.1" },
            ["involvedObject"] = new System.Text.Json.Nodes.JsonObject { ["kind"] = "Pod", ["name"] = "p1", ["uid"] = pod.Metadata.Uid },
            ["reason"] = "Scheduled",
            ["type"] = "Normal",
        });
        await Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "p2.1" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "p2" },
            Reason = "FailedScheduling",
            Type = "Warning",
        }, Ns);

        var events = await Client.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "involvedObject.kind=Pod,involvedObject.name=p1");
        var only = Assert.Single(events.Items);
        Assert.Equal("Scheduled", only.Reason);
        Assert.Equal(pod.Metadata.Uid, only.InvolvedObject.Uid);
        Assert.Equal(2, (await Client.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "involvedObject.kind=Pod")).Items.Count);

        var unsupported = await FailsWith(400, () => Client.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "spec.colour=red"));
        Assert.Equal("BadRequest", unsupported.Reason);
        await Client.CoreV1.DeleteNamespacedEventAsync("p1.1", Ns);
        Assert.Single((await Client.CoreV1.ListNamespacedEventAsync(Ns)).Items);
    }

    [Fact]
    public async Task Create_of_a_taken_name_is_already_exists_and_read_of_a_missing_one_not_found()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        var exists = await FailsWith(409, () => Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns));
        Assert.Equal("AlreadyExists", exists.Reason);
        Assert.Equal("p1", exists.Details.Name);
        Assert.Equal("pods", exists.Details.Kind);

        var missing = await FailsWith(404, () => Client.CoreV1.ReadNamespacedPodAsync("nope", Ns));
        Assert.Equal("NotFound", missing.Reason);
        Assert.Equal("pods \"nope\" not found", missing.Message);
    }

    [Fact]
    public async Task Malformed_names_labels_and_pods_are_invalid()
    {
        var badName = await FailsWith(422, () => Client.CoreV1.CreateNamespacedPodAsync(Pod("Not_A_Name"), Ns));
        Assert.Equal("Invalid", badName.Reason);
        Assert.Equal("metadata.name", Assert.Single(badName.Details.Causes).Field);

        var badLabel = await FailsWith(422, () => Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "s1", Labels = new Dictionary<string, string> { ["a"] = "no spaces allowed" } } }, Ns));
        Assert.Equal("Invalid", badLabel.Reason);

        var noContainers = await FailsWith(422, () => Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod { Metadata = new V1ObjectMeta { Name = "p1" }, Spec = new V1PodSpec { Containers = [] } }, Ns));
        Assert.Contains(noContainers.Details.Causes, c => c.Field == "spec.containers");

        var noName = await FailsWith(422, () => Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta() }, Ns));
        Assert.Equal("Invalid", noName.Reason);
        Assert.Empty((await Client.CoreV1.ListNamespacedPodAsync(Ns)).Items);
        Assert.Empty((await Client.CoreV1.ListNamespacedSecretAsync(Ns)).Items);
    }

    [Fact]
    public async Task Generate_name_makes_a_unique_name()
    {
        var secret = new V1Secret { Metadata = new V1ObjectMeta { GenerateName = "tok-" } };
        var first = await Client.CoreV1.CreateNamespacedSecretAsync(secret, Ns);
        var second = await Client.CoreV1.CreateNamespacedSecretAsync(secret, Ns);
        Assert.StartsWith("tok-", first.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(9, first.Metadata.Name.Length);
        Assert.NotEqual(first.Metadata.Name, second.Metadata.Name);
    }

    [Fact]
    public async Task Immutable_secret_data_cannot_change_but_its_metadata_can()
    {
        var secret = Secret("s1");
        secret.Immutable = true;
        await Client.CoreV1.CreateNamespacedSecretAsync(secret, Ns);
        var forbidden = await FailsWith(422, () => Client.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch("""{"stringData":{"JUPYTER_TOKEN":"other"}}""", V1Patch.PatchType.MergePatch), "s1", Ns));
        Assert.Equal("Invalid", forbidden.Reason);
        var labelled = await Client.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch("""{"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.MergePatch), "s1", Ns);
        Assert.Equal("t0ken", Encoding.UTF8.GetString(labelled.Data["JUPYTER_TOKEN"]));
    }

    [Fact]
    public async Task Lists_page_with_limit_and_continue()
    {
        for (var i = 0; i < 5; i++) await Client.CoreV1.CreateNamespacedSecretAsync(Secret($"s{i}"), Ns);
        var first = await Client.CoreV1.ListNamespacedSecretAsync(Ns, limit: 2);
        Assert.Equal(["s0", "s1"], first.Items.Select(s => s.Metadata.Name));
        Assert.Equal(3, first.Metadata.RemainingItemCount);
        var second = await Client.CoreV1.ListNamespacedSecretAsync(Ns, limit: 2, continueParameter: first.Metadata.ContinueProperty);
        Assert.Equal(["s2", "s3"], second.Items.Select(s => s.Metadata.Name));
        var last = await Client.CoreV1.ListNamespacedSecretAsync(Ns, limit: 2, continueParameter: second.Metadata.ContinueProperty);
        Assert.Equal(["s4"], last.Items.Select(s => s.Metadata.Name));
        Assert.Null(last.Metadata.ContinueProperty);
    }

    [Fact]
    public async Task Unknown_paths_and_verbs_answer_a_status()
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };
        var notServed = await http.GetAsync(new Uri("api/v1/namespaces/sessions/configmaps", UriKind.Relative));
        Assert.Equal(404, (int)notServed.StatusCode);
        Assert.Equal("NotFound", KubernetesJson.Deserialize<V1Status>(await notServed.Content.ReadAsStringAsync()).Reason);
        var wrongVerb = await http.PostAsync(new Uri("api/v1/namespaces/sessions/pods/p1", UriKind.Relative), new StringContent("{}"));
        Assert.Equal(405, (int)wrongVerb.StatusCode);
        Assert.Equal("MethodNotAllowed", KubernetesJson.Deserialize<V1Status>(await wrongVerb.Content.ReadAsStringAsync()).Reason);
        var version = await Client.Version.GetCodeAsync();
        Assert.Equal("1", version.Major);
    }
}
