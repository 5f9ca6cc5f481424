using System.Text.Json.Nodes;
using k8s;

namespace Sandbox.KubernetesDouble.Tests;

/// <summary>The in-process seam the node uses (<see cref="IClusterStore"/>), and what clients see of its writes.</summary>
public sealed class ClusterStoreSeamTests : ApiDoubleTestBase
{
    [Fact]
    public async Task Changes_arrive_in_order_and_writes_show_through_the_api()
    {
        IClusterStore store = Server.Store;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Deadline);
        var changes = store.ChangesAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        var first = changes.MoveNextAsync(); // subscribes

        var created = store.Create("pods", Ns, PodJson("p1"));
        Assert.Equal(Ns, created.Text("metadata", "namespace"));
        Assert.True(Guid.TryParse(created.Text("metadata", "uid"), out _));
        Assert.Throws<InvalidOperationException>(() => store.Create("pods", Ns, PodJson("p1")));

        var running = store.Update("pods", Ns, "p1", p =>
        {
            p["spec"]!["nodeName"] = "double-node-1";
            p["status"]!["phase"] = "Running";
        });
        Assert.True(long.Parse(running!.Text("metadata", "resourceVersion")!) > long.Parse(created.Text("metadata", "resourceVersion")!));
        Assert.Null(store.Update("pods", Ns, "missing", _ => { }));

        var byNode = await Client.CoreV1.ListNamespacedPodAsync(Ns, fieldSelector: "spec.nodeName=double-node-1,status.phase=Running");
        Assert.Equal("p1", Assert.Single(byNode.Items).Metadata.Name);
        Assert.Empty((await Client.CoreV1.ListNamespacedPodAsync(Ns, fieldSelector: "status.phase!=Running")).Items);

        store.Remove("pods", Ns, "p1");
        store.Remove("pods", Ns, "p1"); // gone already: nothing
        Assert.Empty(store.List("pods", null));

        var seen = new List<string>();
        Assert.True(await first);
        seen.Add(changes.Current.Type);
        while (seen.Count < 3 && await changes.MoveNextAsync()) seen.Add(changes.Current.Type);
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], seen);
        Assert.Equal("Running", changes.Current.Object.Text("status", "phase"));
        await cancel.CancelAsync();
        await changes.DisposeAsync();
    }

    private static JsonObject PodJson(string name) => JsonNode.Parse(
        "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"containers\":[{\"name\":\"notebook\",\"image\":\"registry.test/python:3\"}]}}")!.AsObject();
}
