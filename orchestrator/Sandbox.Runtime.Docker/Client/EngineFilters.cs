namespace Sandbox.Runtime.Docker.Client;

/// <summary>The engine's list filters in Docker.DotNet's shape (every value of a key must match).</summary>
internal static class EngineFilters
{
    /// <summary>Things carrying every one of <paramref name="labels"/> (<c>key=value</c> or <c>key</c>).</summary>
    public static IDictionary<string, IDictionary<string, bool>> Labels(params string[] labels) => Of("label", labels);

    /// <summary>A filter on one key with the given values.</summary>
    public static IDictionary<string, IDictionary<string, bool>> Of(string key, params string[] values) =>
        new Dictionary<string, IDictionary<string, bool>> { [key] = values.ToDictionary(v => v, _ => true) };
}
