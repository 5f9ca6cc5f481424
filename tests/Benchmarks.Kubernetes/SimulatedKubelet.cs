using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Sandbox.KubernetesDouble;

namespace Benchmarks.Kubernetes;

/// <summary>
/// A kubelet without containers, for benchmarks that need thousands of running sessions on 2 cores: it follows the API
/// double's store and, as soon as a pod appears in <c>ns</c>, reports it scheduled and its notebook container running at
/// <see cref="StubNotebookServer"/>'s address (one status write, as a kubelet's status update after the start). Pods are
/// left unbound (no <c>spec.nodeName</c>), so the double deletes them at once when the orchestrator deletes them.
/// <see cref="Terminate"/> ends a pod's container as a crash would (exit code 1, phase Failed).
/// </summary>
internal sealed class SimulatedKubelet : IAsyncDisposable
{
    private const string Container = "notebook";

    private readonly ClusterStore _store;
    private readonly string _namespace;
    private readonly string _podIp;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _following;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _pods = new(StringComparer.Ordinal);
    private int _started;

    public SimulatedKubelet(ClusterStore store, string ns, IPAddress podIp)
    {
        _store = store;
        _namespace = ns;
        _podIp = podIp.ToString();
        _following = Task.Run(FollowAsync);
    }

    /// <summary>How many pods it reported running.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>Ends the container of the pod of <paramref name="sessionId"/> with exit code 1; false when it has no pod.</summary>
    public bool Terminate(string sessionId)
    {
        if (!_pods.TryGetValue(sessionId, out var name))
        {
            return false;
        }

        var now = Now();
        return _store.Update("pods", _namespace, name, p =>
        {
            p["status"]!["phase"] = "Failed";
            p["status"]!["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = Container,
                ["ready"] = false,
                ["restartCount"] = 0,
                ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error", ["finishedAt"] = now } },
            });
        }) is not null;
    }

    private async Task FollowAsync()
    {
        try
        {
            await foreach (var change in _store.ChangesAsync(_stopping.Token))
            {
                if (change is { Type: "ADDED", Resource: "pods" } && change.Object["metadata"]?["namespace"]?.GetValue<string>() == _namespace
                    && change.Object["metadata"]?["name"]?.GetValue<string>() is { } name)
                {
                    if (change.Object["metadata"]?["labels"]?[Sandbox.Testing.KubernetesTestCluster.SessionLabel]?.GetValue<string>() is { } session)
                    {
                        _pods[session] = name;
                    }

                    Run(name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Run(string name)
    {
        var now = Now();
        var updated = _store.Update("pods", _namespace, name, pod =>
        {
            pod["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["podIP"] = _podIp,
                ["startTime"] = now,
                ["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "PodScheduled", ["status"] = "True", ["lastTransitionTime"] = now },
                    new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = now }),
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = Container,
                    ["ready"] = true,
                    ["restartCount"] = 0,
                    ["started"] = true,
                    ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
                }),
            };
        });
        if (updated is not null)
        {
            Interlocked.Increment(ref _started);
        }
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _following;
        _stopping.Dispose();
    }
}
