using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Catalog;

/// <summary>A notebook profile, resolved from configuration.</summary>
internal sealed record NotebookProfile(
    string Id, string DisplayName, string Image, IReadOnlyList<string> Command, int Port, string HomePath, int Order, EgressPolicy Egress);
