namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary>Body of <c>POST /api/v1/sessions/{id}/handoff</c> (optional).</summary>
/// <param name="Next">Where in the notebook to land, a path under <c>/s/{id}/</c>; anything else lands at its root.</param>
internal sealed record HandoffRequest(string? Next);

/// <summary>Answer of <c>POST /api/v1/sessions/{id}/handoff</c>.</summary>
/// <param name="Url">Send the browser here (a top-level navigation): it redeems the code once and lands in the notebook.</param>
/// <param name="ExpiresIn">Seconds the code stays redeemable.</param>
internal sealed record HandoffView(string Url, int ExpiresIn);
