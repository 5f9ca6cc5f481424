namespace Sandbox.Orchestrator.Datasets;

/// <summary>The body of <c>PUT /api/v1/datasets/{name}/access</c>.</summary>
internal sealed record DatasetAccessRequest(string? Access, IReadOnlyList<string?>? Members);
