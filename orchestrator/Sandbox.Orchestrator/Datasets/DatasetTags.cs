using System.Text.Json;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>Tags as stored: a JSON array in one column, null when empty.</summary>
internal static class DatasetTags
{
    public static string? ToJson(IReadOnlyList<string> tags) => tags.Count == 0 ? null : JsonSerializer.Serialize(tags);

    public static IReadOnlyList<string> FromJson(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];
}
