namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary>
/// What a notebook cookie says: this member may use this session's notebook, as long as their security stamp is still
/// this one and the cookie has not expired. It carries no other right.
/// </summary>
internal sealed record NotebookCookieTicket(string SessionId, string MemberId, string SecurityStamp, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
