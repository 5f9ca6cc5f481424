using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Sandbox.KubernetesDouble.Node;

/// <summary>
/// Writes events about pods into the store as the kubelet and the scheduler do: <c>{pod}.{hex}</c> names, the pod as
/// <c>involvedObject</c>, and a repeat of the same reason and message for the same pod counted on the first event.
/// </summary>
internal sealed class PodEventRecorder(IClusterStore store, string nodeName)
{
    public const string Kubelet = "kubelet";
    public const string Scheduler = "default-scheduler";

    private readonly ConcurrentDictionary<(string Uid, string Reason, string Message), string> _names = new();
    private long _sequence = DateTime.UtcNow.Ticks;

    /// <summary>Records a <c>Normal</c> event.</summary>
    public void Normal(JsonObject pod, string reason, string message, string component = Kubelet, string? container = null) =>
        Record(pod, "Normal", reason, message, component, container);

    /// <summary>Records a <c>Warning</c> event.</summary>
    public void Warning(JsonObject pod, string reason, string message, string component = Kubelet, string? container = null) =>
        Record(pod, "Warning", reason, message, component, container);

    private void Record(JsonObject pod, string type, string reason, string message, string component, string? container)
    {
        var ns = PodJson.Str(pod, "metadata", "namespace") ?? "default";
        var name = PodJson.Str(pod, "metadata", "name") ?? "";
        var uid = PodJson.Str(pod, "metadata", "uid") ?? "";
        var now = PodJson.Time(DateTimeOffset.UtcNow);
        if (_names.TryGetValue((uid, reason, message), out var existing)
            && store.Update("events", ns, existing, e =>
            {
                e["count"] = (PodJson.Long(e, "count") ?? 1) + 1;
                e["lastTimestamp"] = now;
            }) is not null)
        {
            return;
        }

        var eventName = $"{name}.{Interlocked.Increment(ref _sequence).ToString("x", CultureInfo.InvariantCulture)}";
        var involved = new JsonObject
        {
            ["kind"] = "Pod",
            ["namespace"] = ns,
            ["name"] = name,
            ["uid"] = uid,
            ["apiVersion"] = "v1",
            ["resourceVersion"] = PodJson.Str(pod, "metadata", "resourceVersion"),
        };
        if (container is not null)
        {
            involved["fieldPath"] = $"spec.containers{{{container}}}";
        }

        store.Create("events", ns, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = eventName, ["namespace"] = ns },
            ["involvedObject"] = involved,
            ["reason"] = reason,
            ["message"] = message,
            ["type"] = type,
            ["source"] = component == Kubelet ? new JsonObject { ["component"] = component, ["host"] = nodeName } : new JsonObject { ["component"] = component },
            ["reportingComponent"] = component,
            ["reportingInstance"] = component == Kubelet ? nodeName : "",
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
        });
        _names[(uid, reason, message)] = eventName;
    }
}
