namespace Sandbox.Runtime;

/// <summary>
/// The runtime could not be reached at all: a Docker engine that is stopped, a cluster whose API server does not answer
/// or answers that it cannot serve. Nothing was done; the same call may work once the runtime is back.
/// </summary>
public sealed class RuntimeUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
