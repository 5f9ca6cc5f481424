namespace Sandbox.NotebookProxy.Problems;

/// <summary>The result of forwarding one exchange: a failure to answer, if any, and the notebook's status where it matters.</summary>
internal readonly record struct ForwardingOutcome(ProxyFailure Failure, int UpstreamStatusCode = 0)
{
    public static ForwardingOutcome Completed => default;

    public static implicit operator ForwardingOutcome(ProxyFailure failure) => new(failure);
}
