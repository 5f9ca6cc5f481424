using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sandbox.KubernetesDouble;

/// <summary>
/// The checks the double makes before storing an object (422 Invalid when one fails): names are RFC 1123 subdomains,
/// label keys and values are well formed, pods have containers with names and images, and an immutable secret's data
/// stays as it is. It is not admission: no Pod Security, no quota, no defaults beyond <see cref="ObjectDefaults"/>.
/// </summary>
public static partial class ObjectValidation
{
    /// <summary>Why <paramref name="name"/> is not an RFC 1123 subdomain, or null when it is one.</summary>
    public static string? NameError(string name) =>
        name.Length > 253 ? "must be no more than 253 characters"
        : SubdomainPattern().IsMatch(name) ? null
        : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

    /// <summary>Why <paramref name="key"/> is not a label key (<c>[prefix/]name</c>), or null when it is one.</summary>
    public static string? LabelKeyError(string key)
    {
        var slash = key.IndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0 && (slash == 0 || NameError(key[..slash]) is not null)) return "prefix part must be a lowercase RFC 1123 subdomain";
        if (name.Length is 0 or > 63 || !LabelPattern().IsMatch(name))
        {
            return "name part must consist of alphanumeric characters, '-', '_' or '.', must start and end with an alphanumeric character, and be at most 63 characters";
        }
        return null;
    }

    /// <summary>Why <paramref name="value"/> is not a label value, or null when it is one.</summary>
    public static string? LabelValueError(string value) =>
        value.Length == 0 ? null
        : value.Length > 63 ? "must be no more than 63 characters"
        : LabelPattern().IsMatch(value) ? null
        : "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    /// <summary>The fields at fault in <paramref name="obj"/>, empty when it may be stored.</summary>
    public static IReadOnlyList<StatusCause> Check(ApiResource resource, JsonObject obj, JsonObject? stored)
    {
        var causes = new List<StatusCause>();
        var metadata = obj["metadata"] as JsonObject;
        var name = metadata?["name"]?.GetValue<string>() ?? "";
        if (NameError(name) is { } nameError) causes.Add(Invalid("metadata.name", name, nameError));
        if (metadata?["labels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                if (LabelKeyError(key) is { } keyError) causes.Add(Invalid("metadata.labels", key, keyError));
                if (value is not JsonValue v || !v.TryGetValue<string>(out var text)) causes.Add(Invalid($"metadata.labels[{key}]", value?.ToJsonString() ?? "null", "must be a string"));
                else if (LabelValueError(text) is { } valueError) causes.Add(Invalid($"metadata.labels", text, valueError));
            }
        }
        if (resource == ApiResource.Pods) CheckPod(obj, causes);
        if (resource == ApiResource.Secrets && stored?["immutable"]?.GetValue<bool>() == true)
        {
            if (!JsonNode.DeepEquals(stored["data"], obj["data"]) || obj["immutable"]?.GetValue<bool>() != true)
            {
                causes.Add(new StatusCause("FieldValueForbidden", "data", "Forbidden: field is immutable when `immutable` is set"));
            }
        }
        return causes;
    }

    private static void CheckPod(JsonObject pod, List<StatusCause> causes)
    {
        if (pod["spec"]?["containers"] is not JsonArray containers || containers.Count == 0)
        {
            causes.Add(new StatusCause("FieldValueRequired", "spec.containers", "Required value"));
            return;
        }
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i] as JsonObject;
            var name = container?["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name)) causes.Add(new StatusCause("FieldValueRequired", $"spec.containers[{i}].name", "Required value"));
            if (string.IsNullOrEmpty(container?["image"]?.GetValue<string>())) causes.Add(new StatusCause("FieldValueRequired", $"spec.containers[{i}].image", "Required value"));
        }
    }

    private static StatusCause Invalid(string field, string value, string why) =>
        new("FieldValueInvalid", field, $"Invalid value: \"{value}\": {why}");

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainPattern();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelPattern();
}
