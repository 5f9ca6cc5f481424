namespace Sandbox.Orchestrator.Culling;

/// <summary>One kernel as its notebook server reports it (<c>GET api/kernels</c>): its execution state and last message.</summary>
internal sealed record KernelActivity(string ExecutionState, DateTimeOffset LastActivity)
{
    /// <summary>Whether it is running code right now (a three-hour model fit is activity, however quiet).</summary>
    public bool IsBusy => string.Equals(ExecutionState, "busy", StringComparison.Ordinal);
}
