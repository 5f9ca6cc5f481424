using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>What became of a launch request.</summary>
/// <param name="Session">The session, when accepted (new or replayed).</param>
/// <param name="Replayed">True when an earlier request with the same <c>Idempotency-Key</c> made it.</param>
/// <param name="Status">The HTTP status of a refusal.</param>
/// <param name="Errors">Why it was refused; nothing was created then.</param>
internal sealed record LaunchOutcome(Session? Session, bool Replayed, int Status, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>A new session.</summary>
    public static LaunchOutcome Created(Session session) => new(session, false, 201, []);

    /// <summary>The session an earlier request with the same key made.</summary>
    public static LaunchOutcome Replay(Session session) => new(session, true, 200, []);

    /// <summary>A refusal.</summary>
    public static LaunchOutcome Refused(int status, params ValidationError[] errors) => new(null, false, status, errors);
}
