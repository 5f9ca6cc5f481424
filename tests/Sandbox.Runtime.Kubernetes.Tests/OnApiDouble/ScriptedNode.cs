using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Sandbox.KubernetesDouble;

namespace Sandbox.Runtime.Kubernetes.Tests.OnApiDouble;

/// <summary>What the scripted node does with a new pod.</summary>
internal enum NodeScript
{
    /// <summary>Schedules it and runs its container at once (pod IP 10.244.0.7).</summary>
    Run,

    /// <summary>Says no node has a free GPU (PodScheduled=False, the scheduler's message).</summary>
    NoGpu,

    /// <summary>Schedules it, then fails to pull its image (ErrImagePull).</summary>
    PullFails,

    /// <summary>Leaves it alone (a pod no scheduler looked at yet).</summary>
    Ignore,
}

/// <summary>
/// The node and scheduler the adapter's tests need, through the double's store seam (no containers): it writes the
/// statuses a real kubelet would for the script a test chose, and ends a pod's graceful deletion by removing it (the
/// double's garbage collector then removes the pod's secret).
/// </summary>
internal sealed class ScriptedNode : IAsyncDisposable
{
    private readonly IClusterStore _store;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ScriptedNode(IClusterStore store)
    {
        _store = store;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once the node follows the store.</summary>
    public Task Ready => _listening.Task;

    /// <summary>What to do with new pods.</summary>
    public NodeScript Script { get; set; } = NodeScript.Run;

    /// <summary>Pods it removed after their graceful deletion.</summary>
    public ConcurrentQueue<string> Removed { get; } = new();

    /// <summary>Ends the pod's container with <paramref name="exitCode"/> and <paramref name="reason"/> (OOMKilled, Error).</summary>
    public void Terminate(string ns, string pod, int exitCode, string reason) =>
        _store.Update("pods", ns, pod, p =>
        {
            p["status"]!["phase"] = "Failed";
            p["status"]!["containerStatuses"] = Containers("{\"terminated\":{\"exitCode\":" + exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"reason\":\"" + reason + "\"}}");
        });

    private async Task RunAsync()
    {
        var changes = _store.ChangesAsync(_stop.Token).GetAsyncEnumerator(_stop.Token);
        try
        {
            var next = changes.MoveNextAsync();
            _listening.TrySetResult();
            while (await next)
            {
                var change = changes.Current;
                if (change.Resource == "pods")
                {
                    Handle(change);
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

    private void Handle(StoreChange change)
    {
        var metadata = change.Object["metadata"]!;
        var ns = metadata["namespace"]!.GetValue<string>();
        var name = metadata["name"]!.GetValue<string>();
        if (change.Type == "MODIFIED" && metadata["deletionTimestamp"] is not null)
        {
            Removed.Enqueue(name);
            _store.Remove("pods", ns, name);
            return;
        }

        if (change.Type != "ADDED")
        {
            return;
        }

        switch (Script)
        {
            case NodeScript.Run:
                _store.Update("pods", ns, name, p =>
                {
                    p["spec"]!["nodeName"] = "node-1";
                    p["status"] = Status("Running", "True", Containers("""{"running":{"startedAt":"2026-12-05T10:00:03Z"}}"""), podIp: "10.244.0.7");
                });
                break;
            case NodeScript.NoGpu:
                _store.Update("pods", ns, name, p => p["status"] = new JsonObject
                {
                    ["phase"] = "Pending",
                    ["conditions"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "PodScheduled",
                        ["status"] = "False",
                        ["reason"] = "Unschedulable",
                        ["message"] = "0/1 nodes are available: 1 Insufficient nvidia.com/gpu.",
                    }),
                });
                break;
            case NodeScript.PullFails:
                _store.Update("pods", ns, name, p =>
                {
                    p["spec"]!["nodeName"] = "node-1";
                    p["status"] = Status("Pending", "True", Containers(
                        """{"waiting":{"reason":"ErrImagePull","message":"failed to pull image \"sandbox/python-notebook:1\": not found"}}"""));
                });
                break;
        }
    }

    private static JsonObject Status(string phase, string scheduled, JsonArray containers, string? podIp = null)
    {
        var status = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = scheduled, ["lastTransitionTime"] = "2026-12-05T10:00:01Z" }),
            ["containerStatuses"] = containers,
        };
        if (podIp is not null)
        {
            status["podIP"] = podIp;
        }

        return status;
    }

    private static JsonArray Containers(string state) => new(new JsonObject
    {
        ["name"] = PodManifest.ContainerName,
        ["image"] = "sandbox/python-notebook:1",
        ["imageID"] = "",
        ["ready"] = false,
        ["restartCount"] = 0,
        ["state"] = JsonNode.Parse(state),
    });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
