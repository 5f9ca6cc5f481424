using System.Text.Json.Nodes;

namespace Sandbox.KubernetesDouble;

/// <summary>
/// JSON merge patch (RFC 7386): objects merge key by key, <c>null</c> removes a key, anything else (arrays included)
/// replaces. Strategic merge patches are applied the same way, which is right for maps and wrong for the lists the
/// real server merges by key (containers, volumes): the double does not model those.
/// </summary>
public static class MergePatch
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="target"/> in place.</summary>
    public static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject patchObject && target[key] is JsonObject targetObject)
            {
                Apply(targetObject, patchObject);
            }
            else if (value is JsonObject newObject)
            {
                var fresh = new JsonObject();
                Apply(fresh, newObject);
                target[key] = fresh;
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }
}
