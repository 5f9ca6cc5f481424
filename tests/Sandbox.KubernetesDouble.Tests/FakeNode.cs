using System.Text.Json.Nodes;

namespace Sandbox.KubernetesDouble.Tests;

/// <summary>
/// The least a node does for deletion, through the seam: it notices a pod given a deletionTimestamp and removes it, as a
/// kubelet does once the containers have stopped. Tests bind pods to it with <see cref="Bind"/>.
/// </summary>
internal sealed class FakeNode : IAsyncDisposable
{
    private readonly IClusterStore store;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeNode(IClusterStore store)
    {
        this.store = store;
        loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once the node is following the store's changes.</summary>
    public Task Ready => listening.Task;

    /// <summary>Names of the pods it removed, in order.</summary>
    public List<string> Removed { get; } = [];

    /// <summary>Schedules a pod onto this node (sets <c>spec.nodeName</c>), as the scheduler does.</summary>
    public void Bind(string ns, string pod) =>
        Assert.NotNull(store.Update("pods", ns, pod, p => p["spec"]!["nodeName"] = "double-node-1"));

    private async Task RunAsync()
    {
        var changes = store.ChangesAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        try
        {
            var next = changes.MoveNextAsync();
            listening.TrySetResult();
            while (await next)
            {
                var change = changes.Current;
                if (change is { Resource: "pods", Type: "MODIFIED" } && change.Object["metadata"]?["deletionTimestamp"] is not null)
                {
                    var metadata = change.Object["metadata"]!;
                    var name = metadata["name"]!.GetValue<string>();
                    lock (Removed) Removed.Add(name);
                    store.Remove("pods", metadata["namespace"]!.GetValue<string>(), name);
                }
                next = changes.MoveNextAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await changes.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }
}

/// <summary>JSON helpers for the seam's objects.</summary>
internal static class JsonObjectExtensions
{
    public static string? Text(this JsonObject obj, params string[] path)
    {
        JsonNode? node = obj;
        foreach (var step in path) node = node?[step];
        return node?.ToString();
    }
}
