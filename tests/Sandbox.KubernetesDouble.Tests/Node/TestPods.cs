using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sandbox.KubernetesDouble.Tests.Node;

/// <summary>Pods, secrets and claims as the adapter would send them (JSON), and reading them back in tests.</summary>
internal static class TestPods
{
    /// <summary>A restricted pod (uid 1000, read-only root, no capabilities) of the notebook image tolerating the node's taint.</summary>
    public static JsonObject Restricted(string name, string[]? command = null, string[]? args = null, string image = NodeFixture.NotebookImage,
        JsonArray? volumes = null, JsonArray? mounts = null, JsonObject? resources = null, JsonArray? env = null, JsonObject? extraSpec = null,
        JsonObject? readinessProbe = null, long grace = 2)
    {
        var container = new JsonObject
        {
            ["name"] = "main",
            ["image"] = image,
            ["imagePullPolicy"] = "IfNotPresent",
            ["securityContext"] = JsonNode.Parse("""
                {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "runAsNonRoot": true,
                 "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}}
                """),
            ["resources"] = resources?.DeepClone() ?? JsonNode.Parse("""{"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "250m", "memory": "256Mi"}}"""),
            ["volumeMounts"] = mounts?.DeepClone() ?? new JsonArray(),
            ["env"] = env?.DeepClone() ?? new JsonArray(),
            ["ports"] = JsonNode.Parse("""[{"name": "http", "containerPort": 8888}]"""),
        };
        if (command is not null)
        {
            container["command"] = new JsonArray(command.Select(c => (JsonNode)c!).ToArray());
        }

        if (args is not null)
        {
            container["args"] = new JsonArray(args.Select(c => (JsonNode)c!).ToArray());
        }

        if (readinessProbe is not null)
        {
            container["readinessProbe"] = readinessProbe;
        }

        var spec = new JsonObject
        {
            ["restartPolicy"] = "Never",
            ["terminationGracePeriodSeconds"] = grace,
            ["securityContext"] = JsonNode.Parse("""{"runAsNonRoot": true, "runAsUser": 1000, "runAsGroup": 1000, "fsGroup": 1000}"""),
            ["tolerations"] = JsonNode.Parse("""[{"key": "dedicated", "operator": "Equal", "value": "sessions", "effect": "NoSchedule"}]"""),
            ["containers"] = new JsonArray(container),
            ["volumes"] = volumes?.DeepClone() ?? new JsonArray(),
        };
        foreach (var (key, value) in extraSpec ?? [])
        {
            spec[key] = value?.DeepClone();
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "sandbox" } },
            ["spec"] = spec,
        };
    }

    /// <summary>An opaque secret with <paramref name="data"/> base64-encoded, as the API server stores it.</summary>
    public static JsonObject Secret(string name, string key, string value) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["type"] = "Opaque",
        ["data"] = new JsonObject { [key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) },
    };

    /// <summary>A claim, Bound (the double's provisioner binds at once).</summary>
    public static JsonObject BoundClaim(string name) => JsonNode.Parse("""
        {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "NAME"},
         "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}},
         "status": {"phase": "Bound", "capacity": {"storage": "1Gi"}}}
        """.Replace("NAME", name, StringComparison.Ordinal))!.AsObject();

    public static JsonNode Json(string text) => JsonNode.Parse(text)!;

    public static string? Str(JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node is JsonObject o ? o[step] : null;
        }

        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    public static string? Phase(this InMemoryClusterStore store, string ns, string name) => Str(store.Get("pods", ns, name), "status", "phase");

    /// <summary>The pod's condition <paramref name="type"/> as (status, reason, message), or null.</summary>
    public static (string? Status, string? Reason, string? Message)? Condition(this InMemoryClusterStore store, string ns, string name, string type) =>
        store.Get("pods", ns, name)?["status"]?["conditions"] is JsonArray conditions
            && conditions.OfType<JsonObject>().FirstOrDefault(c => Str(c, "type") == type) is { } c
            ? (Str(c, "status"), Str(c, "reason"), Str(c, "message"))
            : null;

    /// <summary>The first container's state as (kind, reason), e.g. ("waiting", "ImagePullBackOff").</summary>
    public static (string Kind, string? Reason)? State(this InMemoryClusterStore store, string ns, string name)
    {
        var state = store.Get("pods", ns, name)?["status"]?["containerStatuses"]?[0]?["state"] as JsonObject;
        return state?.FirstOrDefault() is { Key: var kind, Value: var detail } ? (kind, Str(detail, "reason")) : null;
    }

    /// <summary>The events about a pod as (type, reason, message, source component).</summary>
    public static List<(string? Type, string? Reason, string? Message, string? Source)> Events(this InMemoryClusterStore store, string ns, string pod) =>
        store.List("events", ns).Where(e => Str(e, "involvedObject", "name") == pod)
            .Select(e => (Str(e, "type"), Str(e, "reason"), Str(e, "message"), Str(e, "source", "component"))).ToList();

    public static string Describe(this InMemoryClusterStore store, string ns, string name) =>
        (store.Get("pods", ns, name)?["status"]?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "(no pod)")
        + " events: " + string.Join(" | ", store.Events(ns, name).Select(e => $"{e.Reason}: {e.Message}"));
}
