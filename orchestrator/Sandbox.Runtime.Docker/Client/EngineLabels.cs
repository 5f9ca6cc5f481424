namespace Sandbox.Runtime.Docker.Client;

/// <summary>Reads the engine's label and option maps as Docker.DotNet gives them (mutable, possibly absent).</summary>
internal static class EngineLabels
{
    /// <summary>The value of <paramref name="key"/>, or null when the map or the key is absent.</summary>
    public static string? Get(IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;
}
