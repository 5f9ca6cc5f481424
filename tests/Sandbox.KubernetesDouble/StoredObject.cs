using System.Text.Json.Nodes;

namespace Sandbox.KubernetesDouble;

/// <summary>
/// One version of an object as the store keeps it: compact UTF-8 JSON (serialised once, shared by the store, its history
/// and every watch that sends it) plus the few fields the store looks things up by. Immutable: a change makes a new one.
/// </summary>
public sealed class StoredObject
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private StoredObject(ApiResource resource, string ns, string name, string uid, long version, byte[] json,
        IReadOnlyDictionary<string, string> labels, string[] ownerUids, bool terminating)
    {
        Resource = resource;
        Namespace = ns;
        Name = name;
        Uid = uid;
        Version = version;
        Json = json;
        Labels = labels;
        OwnerUids = ownerUids;
        Terminating = terminating;
    }

    /// <summary>Its kind.</summary>
    public ApiResource Resource { get; }

    /// <summary><c>metadata.namespace</c>.</summary>
    public string Namespace { get; }

    /// <summary><c>metadata.name</c>.</summary>
    public string Name { get; }

    /// <summary><c>metadata.uid</c>.</summary>
    public string Uid { get; }

    /// <summary><c>metadata.resourceVersion</c> as a number.</summary>
    public long Version { get; }

    /// <summary>The whole object, compact UTF-8 JSON.</summary>
    public byte[] Json { get; }

    /// <summary><c>metadata.labels</c>.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The uids of <c>metadata.ownerReferences</c>.</summary>
    public IReadOnlyList<string> OwnerUids { get; }

    /// <summary>Whether <c>metadata.deletionTimestamp</c> is set.</summary>
    public bool Terminating { get; }

    /// <summary>The key objects are ordered by in lists: <c>namespace/name</c>.</summary>
    public string Key => Namespace + "/" + Name;

    /// <summary>A fresh mutable copy.</summary>
    public JsonObject ToJsonObject() => JsonNode.Parse(Json)!.AsObject();

    /// <summary>Freezes <paramref name="obj"/> (whose metadata already carries namespace, name, uid and resourceVersion).</summary>
    public static StoredObject From(ApiResource resource, JsonObject obj)
    {
        var metadata = obj["metadata"]!.AsObject();
        var labels = metadata["labels"] is JsonObject l && l.Count > 0
            ? l.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.Ordinal)
            : NoLabels;
        var owners = metadata["ownerReferences"] is JsonArray refs
            ? refs.Select(r => r?["uid"]?.GetValue<string>()).Where(u => !string.IsNullOrEmpty(u)).Select(u => u!).ToArray()
            : [];
        return new StoredObject(resource,
            metadata["namespace"]!.GetValue<string>(),
            metadata["name"]!.GetValue<string>(),
            metadata["uid"]!.GetValue<string>(),
            long.Parse(metadata["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            JsonBytes.Of(obj),
            labels,
            owners,
            metadata["deletionTimestamp"] is not null);
    }
}
