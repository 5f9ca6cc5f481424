using System.Text.Json;

namespace Sandbox.KubernetesDouble;

/// <summary>
/// The <c>fieldSelector</c> query parameter: <c>field=value</c>, <c>field==value</c>, <c>field!=value</c> joined by commas,
/// on the fields the real API server supports for the kinds served: <c>metadata.name</c> and <c>metadata.namespace</c>
/// for all; pods also <c>spec.nodeName</c>, <c>status.phase</c>; events also <c>involvedObject.kind</c>,
/// <c>involvedObject.name</c>, <c>involvedObject.namespace</c>, <c>involvedObject.uid</c>, <c>reason</c>, <c>type</c>.
/// A missing field reads as the empty string. Another field is a 400 BadRequest, as on a real server.
/// </summary>
public sealed class FieldSelector
{
    private static readonly string[] CommonFields = ["metadata.name", "metadata.namespace"];

    private static readonly Dictionary<string, string[]> KindFields = new()
    {
        ["pods"] = ["spec.nodeName", "status.phase"],
        ["events"] = ["involvedObject.kind", "involvedObject.name", "involvedObject.namespace", "involvedObject.uid", "reason", "type"],
    };

    private readonly IReadOnlyList<(string[] Path, string Value, bool Equal)> requirements;

    private FieldSelector(IReadOnlyList<(string[] Path, string Value, bool Equal)> requirements) => this.requirements = requirements;

    /// <summary>Whether it selects everything.</summary>
    public bool IsEverything => requirements.Count == 0;

    /// <summary>Parses the selector for a kind; null or blank selects everything.</summary>
    public static FieldSelector Parse(string? text, ApiResource resource)
    {
        if (string.IsNullOrWhiteSpace(text)) return new FieldSelector([]);
        var result = new List<(string[], string, bool)>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var (op, index) = part.IndexOf("!=", StringComparison.Ordinal) is var ne and >= 0 ? ("!=", ne)
                : part.IndexOf("==", StringComparison.Ordinal) is var eq and >= 0 ? ("==", eq)
                : ("=", part.IndexOf('='));
            if (index <= 0) throw ApiException.BadRequest($"invalid selector: '{text}'; can't understand '{part}'");
            var field = part[..index].Trim();
            var value = part[(index + op.Length)..].Trim();
            var allowed = CommonFields.Concat(KindFields.GetValueOrDefault(resource.Plural) ?? []);
            if (!allowed.Contains(field))
            {
                throw ApiException.BadRequest($"field label not supported: {field}");
            }
            result.Add((field.Split('.'), value, op != "!="));
        }
        return new FieldSelector(result);
    }

    /// <summary>Whether the stored object meets every requirement.</summary>
    public bool Matches(StoredObject stored)
    {
        if (requirements.Count == 0) return true;
        using var document = JsonDocument.Parse(stored.Json);
        foreach (var (path, value, equal) in requirements)
        {
            var actual = Read(document.RootElement, path);
            if ((actual == value) != equal) return false;
        }
        return true;
    }

    private static string Read(JsonElement element, string[] path)
    {
        foreach (var step in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(step, out element)) return "";
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString()! : element.ToString();
    }
}
