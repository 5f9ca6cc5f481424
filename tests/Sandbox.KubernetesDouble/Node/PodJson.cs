using System.Globalization;
using System.Text.Json.Nodes;

namespace Sandbox.KubernetesDouble.Node;

/// <summary>Reading and writing the parts of objects (pods, claims, secrets) the node uses, as the store's JSON.</summary>
internal static class PodJson
{
    /// <summary>A string at a path of property names, or null when any step is missing or not a string.</summary>
    public static string? Str(JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node is JsonObject o ? o[step] : null;
        }

        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    /// <summary>A whole number at a path, or null.</summary>
    public static long? Long(JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node is JsonObject o ? o[step] : null;
        }

        if (node is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        return v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out l) ? l : null;
    }

    /// <summary>A boolean at a path, or null.</summary>
    public static bool? Bool(JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node is JsonObject o ? o[step] : null;
        }

        return node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;
    }

    /// <summary>The object at a path, or null.</summary>
    public static JsonObject? Obj(JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node is JsonObject o ? o[step] : null;
        }

        return node as JsonObject;
    }

    /// <summary>The objects of the array at a path (none when missing).</summary>
    public static IEnumerable<JsonObject> Objects(JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node is JsonObject o ? o[step] : null;
        }

        return node is JsonArray array ? array.OfType<JsonObject>() : [];
    }

    /// <summary>The strings of the array at a path (none when missing).</summary>
    public static IReadOnlyList<string> Strings(JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node is JsonObject o ? o[step] : null;
        }

        return node is JsonArray array
            ? array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList()
            : [];
    }

    /// <summary>The string map at a path (empty when missing).</summary>
    public static IReadOnlyDictionary<string, string> Map(JsonNode? node, params string[] path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Obj(node, path) is { } o)
        {
            foreach (var (key, value) in o)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    map[key] = s;
                }
            }
        }

        return map;
    }

    /// <summary>The child object <paramref name="name"/>, created when missing.</summary>
    public static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    /// <summary>A point in time as the API writes it (RFC 3339, seconds, UTC).</summary>
    public static string Time(DateTimeOffset when) => when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary><c>namespace/name</c> of an object.</summary>
    public static string KeyOf(JsonObject obj) => $"{Str(obj, "metadata", "namespace")}/{Str(obj, "metadata", "name")}";

    /// <summary>
    /// Sets the pod condition <paramref name="type"/> in <paramref name="pod"/>'s status, keeping its transition time when
    /// the status does not change.
    /// </summary>
    public static void SetCondition(JsonObject pod, string type, bool status, string? reason = null, string? message = null)
    {
        var podStatus = Child(pod, "status");
        if (podStatus["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            podStatus["conditions"] = conditions;
        }

        var text = status ? "True" : "False";
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => Str(c, "type") == type);
        var transition = existing is not null && Str(existing, "status") == text ? Str(existing, "lastTransitionTime") : Time(DateTimeOffset.UtcNow);
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = text,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = transition,
        };
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        if (existing is not null)
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
        else
        {
            conditions.Add(condition);
        }
    }
}
