using System.Text.Json;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>Stores the runtime adapter's saved state with the session.</summary>
internal static class RuntimeStateJson
{
    public static string Serialize(RuntimeState state) => JsonSerializer.Serialize(state.Values);

    public static RuntimeState? Deserialize(string? json) =>
        string.IsNullOrEmpty(json) ? null : new RuntimeState(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []);
}
