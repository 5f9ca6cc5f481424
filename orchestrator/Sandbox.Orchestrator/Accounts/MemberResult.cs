using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>The outcome of a change to a member: the member, or what was wrong (nothing was changed then).</summary>
internal sealed record MemberResult(MemberView? Member, MemberError? Error);

/// <summary>Why a member change was refused.</summary>
/// <param name="Status">HTTP status that fits.</param>
/// <param name="Errors">Every problem found.</param>
internal sealed record MemberError(int Status, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>All messages in one line.</summary>
    public string Message => string.Join("; ", Errors.Select(e => e.Message));
}
