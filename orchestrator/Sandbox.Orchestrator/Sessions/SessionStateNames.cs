namespace Sandbox.Orchestrator.Sessions;

/// <summary>The wire and store names of <see cref="SessionState"/> (lowercase, as the API contract spells them).</summary>
internal static class SessionStateNames
{
    public static string ToName(this SessionState state) => state switch
    {
        SessionState.Pending => "pending",
        SessionState.Provisioning => "provisioning",
        SessionState.Running => "running",
        SessionState.Stopping => "stopping",
        SessionState.Stopped => "stopped",
        SessionState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static SessionState Parse(string name) => name switch
    {
        "pending" => SessionState.Pending,
        "provisioning" => SessionState.Provisioning,
        "running" => SessionState.Running,
        "stopping" => SessionState.Stopping,
        "stopped" => SessionState.Stopped,
        "failed" => SessionState.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown session state."),
    };

    public static bool IsTerminal(this SessionState state) => state is SessionState.Stopped or SessionState.Failed;
}
