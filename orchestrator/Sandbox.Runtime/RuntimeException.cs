namespace Sandbox.Runtime;

/// <summary>
/// The runtime refused or failed an operation in a way the core should record on the session
/// (a missing image, an invalid limit). Transient failures (runtime unreachable) are other exceptions and are retried.
/// </summary>
public sealed class RuntimeException : Exception
{
    /// <summary>Creates the exception with a stable machine-readable reason.</summary>
    public RuntimeException(string reason, string message, Exception? inner = null) : base(message, inner) => Reason = reason;

    /// <summary>Stable reason, for example <c>image_missing</c>.</summary>
    public string Reason { get; }
}
