namespace Sandbox.Orchestrator.Live;

/// <summary>One message for one connection: a client method (<see cref="LiveMethods"/>) and its single argument.</summary>
internal sealed record LiveMessage(string Method, object Argument);
