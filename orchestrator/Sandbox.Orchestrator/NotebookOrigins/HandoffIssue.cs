namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary>What asking for a hand-off gave: a URL to send the person to, or why not.</summary>
internal sealed record HandoffIssue(HandoffIssueStatus Status, string? Url = null, TimeSpan ExpiresIn = default);

/// <summary>Why a hand-off was (not) issued.</summary>
internal enum HandoffIssueStatus
{
    Issued,

    /// <summary>The session is not the caller's to use (or does not exist): answered as not found.</summary>
    NotFound,

    /// <summary>The caller may use it, but it is not running.</summary>
    NotRunning,
}
