namespace Sandbox.NotebookProxy.Http;

/// <summary>
/// A response body copy that stopped half way, and which side stopped it. Internal to the copy: the forwarder turns it
/// into an outcome (abort the caller's connection, or just stop because the caller left).
/// </summary>
#pragma warning disable CA1032 // Only ever thrown by ResponseBodyCopier with both facts; the standard constructors would lose them.
internal sealed class ResponseCopyException(bool upstreamFailed, Exception? inner)
    : Exception(upstreamFailed ? "The notebook's response body failed." : "The caller stopped reading the response.", inner)
#pragma warning restore CA1032
{
    public bool UpstreamFailed { get; } = upstreamFailed;
}
