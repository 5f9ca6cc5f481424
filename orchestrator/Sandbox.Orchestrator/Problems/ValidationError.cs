namespace Sandbox.Orchestrator.Problems;

/// <summary>One thing wrong with a request.</summary>
/// <param name="Field">The request field, in the request's own spelling (for example <c>datasets[1]</c>).</param>
/// <param name="Reason">Stable machine-readable reason.</param>
/// <param name="Message">What is wrong, for people.</param>
internal sealed record ValidationError(string Field, string Reason, string Message);
