namespace Sandbox.Orchestrator.Datasets;

/// <summary>Who may use a dataset, as admins see it.</summary>
internal sealed record DatasetAccessView(string Access, IReadOnlyList<string> Members);
