using k8s;
using k8s.Models;

namespace Sandbox.KubernetesDouble.Tests;

/// <summary>Graceful pod deletion with a node, owner-reference garbage collection, propagation policies, claim protection and the provisioner.</summary>
public sealed class DeletionTests : ApiDoubleTestBase
{
    [Fact]
    public async Task A_pod_on_a_node_is_terminating_until_the_node_removes_it()
    {
        await using var node = new FakeNode(Server.Store);
        await node.Ready.WaitAsync(Deadline);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        node.Bind(Ns, "p1");
        var list = await Client.CoreV1.ListNamespacedPodAsync(Ns);

        var answer = await Client.CoreV1.DeleteNamespacedPodAsync("p1", Ns,
            new V1DeleteOptions { GracePeriodSeconds = 20, PropagationPolicy = "Background" }, gracePeriodSeconds: 20, propagationPolicy: "Background");
        Assert.NotNull(answer.Metadata.DeletionTimestamp);
        Assert.Equal(20, answer.Metadata.DeletionGracePeriodSeconds);

        var seen = new List<(WatchEventType, V1Pod)>();
        await foreach (var e in Client.CoreV1.WatchListNamespacedPodAsync(Ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: Deadline))
        {
            seen.Add(e);
            if (e.Item1 == WatchEventType.Deleted) break;
        }
        Assert.Equal([WatchEventType.Modified, WatchEventType.Deleted], seen.Select(e => e.Item1));
        Assert.NotNull(seen[0].Item2.Metadata.DeletionTimestamp);
        Assert.Equal(["p1"], node.Removed);
        Assert.Null(await TryReadPodAsync("p1"));
    }

    [Fact]
    public async Task A_second_delete_with_grace_zero_removes_a_terminating_pod_at_once()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        Assert.NotNull(Server.Store.Update("pods", Ns, "p1", p => p["spec"]!["nodeName"] = "double-node-1"));
        await Client.CoreV1.DeleteNamespacedPodAsync("p1", Ns);
        var terminating = await TryReadPodAsync("p1");
        Assert.Equal(30, terminating!.Metadata.DeletionGracePeriodSeconds);
        var shorter = await Client.CoreV1.DeleteNamespacedPodAsync("p1", Ns, gracePeriodSeconds: 5);
        Assert.Equal(5, shorter.Metadata.DeletionGracePeriodSeconds);
        var longer = await Client.CoreV1.DeleteNamespacedPodAsync("p1", Ns, gracePeriodSeconds: 60);
        Assert.Equal(5, longer.Metadata.DeletionGracePeriodSeconds);
        await Client.CoreV1.DeleteNamespacedPodAsync("p1", Ns, gracePeriodSeconds: 0);
        Assert.Null(await TryReadPodAsync("p1"));
    }

    [Fact]
    public async Task A_secret_owned_by_a_pod_is_collected_after_the_node_removes_the_pod()
    {
        await using var node = new FakeNode(Server.Store);
        await node.Ready.WaitAsync(Deadline);
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        node.Bind(Ns, "p1");
        await Client.CoreV1.CreateNamespacedSecretAsync(Secret("p1-token", pod), Ns);
        await Client.CoreV1.CreateNamespacedSecretAsync(Secret("unowned"), Ns);
        var list = await Client.CoreV1.ListNamespacedSecretAsync(Ns);

        await Client.CoreV1.DeleteNamespacedPodAsync("p1", Ns);

        await foreach (var (type, secret) in Client.CoreV1.WatchListNamespacedSecretAsync(Ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: Deadline))
        {
            Assert.Equal((WatchEventType.Deleted, "p1-token"), (type, secret.Metadata.Name));
            break;
        }
        Assert.Null(await TryReadPodAsync("p1"));
        Assert.Equal(["unowned"], (await Client.CoreV1.ListNamespacedSecretAsync(Ns)).Items.Select(s => s.Metadata.Name));
    }

    [Fact]
    public async Task An_owner_reference_patched_in_after_the_owner_is_gone_collects_the_secret()
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        await Client.CoreV1.CreateNamespacedSecretAsync(Secret("p1-token"), Ns);
        await Client.CoreV1.DeleteNamespacedPodAsync("p1", Ns);
        await Client.CoreV1.PatchNamespacedSecretAsync(new V1Patch(
            $$$"""{"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":"p1","uid":"{{{pod.Metadata.Uid}}}"}]}}""",
            V1Patch.PatchType.MergePatch), "p1-token", Ns);
        Assert.Empty((await Client.CoreV1.ListNamespacedSecretAsync(Ns)).Items);
    }

    [Fact]
    public async Task Orphan_deletion_keeps_the_dependents_without_the_reference()
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        await Client.CoreV1.CreateNamespacedSecretAsync(Secret("p1-token", pod), Ns);
        await Client.CoreV1.DeleteNamespacedPodAsync("p1", Ns, new V1DeleteOptions { PropagationPolicy = "Orphan" });
        var kept = await Client.CoreV1.ReadNamespacedSecretAsync("p1-token", Ns);
        Assert.Null(kept.Metadata.OwnerReferences);
        Assert.Null(await TryReadPodAsync("p1"));
    }

    [Fact]
    public async Task Foreground_deletion_keeps_the_owner_until_its_blocking_dependents_are_gone()
    {
        var owner = await Client.CoreV1.CreateNamespacedSecretAsync(Secret("owner"), Ns);
        var dependent = Pod("worker");
        dependent.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Secret", Name = "owner", Uid = owner.Metadata.Uid, BlockOwnerDeletion = true }];
        await Client.CoreV1.CreateNamespacedPodAsync(dependent, Ns);
        Assert.NotNull(Server.Store.Update("pods", Ns, "worker", p => p["spec"]!["nodeName"] = "double-node-1"));

        var status = await Client.CoreV1.DeleteNamespacedSecretAsync("owner", Ns, new V1DeleteOptions { PropagationPolicy = "Foreground" });
        Assert.NotEqual("Success", status.Status); // the owner is not gone: the answer is the object, not a success Status
        var waiting = await Client.CoreV1.ReadNamespacedSecretAsync("owner", Ns);
        Assert.NotNull(waiting.Metadata.DeletionTimestamp);
        Assert.Contains("foregroundDeletion", waiting.Metadata.Finalizers);
        Assert.NotNull((await TryReadPodAsync("worker"))!.Metadata.DeletionTimestamp);

        Server.Store.Remove("pods", Ns, "worker"); // the node has stopped it
        await FailsWith(404, () => Client.CoreV1.ReadNamespacedSecretAsync("owner", Ns));
    }

    [Fact]
    public async Task A_claim_used_by_a_live_pod_stays_terminating_until_the_pod_is_gone()
    {
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("home"), Ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1", claim: "home"), Ns);
        Assert.NotNull(Server.Store.Update("pods", Ns, "p1", p => p["spec"]!["nodeName"] = "double-node-1"));

        var answer = await Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync("home", Ns);
        Assert.NotNull(answer.Metadata.DeletionTimestamp);
        var held = await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("home", Ns);
        Assert.Contains("kubernetes.io/pvc-protection", held.Metadata.Finalizers);
        Assert.Equal("Bound", held.Status.Phase);

        await Client.CoreV1.DeleteNamespacedPodAsync("p1", Ns); // terminating: still uses the claim
        Assert.NotNull(await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("home", Ns));
        Server.Store.Remove("pods", Ns, "p1");
        await FailsWith(404, () => Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("home", Ns));
    }

    [Fact]
    public async Task An_unused_claim_is_deleted_at_once()
    {
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("home"), Ns);
        var answer = await Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync("home", Ns);
        Assert.Equal("home", answer.Metadata.Name);
        Assert.Empty((await Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(Ns)).Items);
    }

    [Fact]
    public async Task A_claim_of_a_known_class_is_bound_and_one_of_an_unknown_class_stays_pending_with_an_event()
    {
        var created = await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("home"), Ns);
        Assert.Equal("Pending", created.Status.Phase);
        var bound = await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("home", Ns);
        Assert.Equal("Bound", bound.Status.Phase);
        Assert.Equal("pvc-" + created.Metadata.Uid, bound.Spec.VolumeName);
        Assert.Equal("10Gi", bound.Status.Capacity["storage"].ToString());

        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("fast-home", "fast"), Ns);
        Assert.Equal("Pending", (await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("fast-home", Ns)).Status.Phase);
        var events = await Client.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "involvedObject.name=fast-home");
        var failed = Assert.Single(events.Items);
        Assert.Equal("ProvisioningFailed", failed.Reason);
        Assert.Equal("Warning", failed.Type);
        Assert.Contains("\"fast\" not found", failed.Message, StringComparison.Ordinal);

        Server.Store.StorageClasses.Add("fast");
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("fast-2", "fast"), Ns);
        Assert.Equal("Bound", (await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("fast-2", Ns)).Status.Phase);
    }
}
