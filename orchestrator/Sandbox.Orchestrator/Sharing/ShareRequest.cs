namespace Sandbox.Orchestrator.Sharing;

/// <summary><c>POST /api/v1/sessions/{id}/shares</c>: the mentor's member id and for how long (minutes, default 120, at most a day).</summary>
internal sealed record ShareRequest(string? Member, int? Minutes);

/// <summary>A share as the API shows it.</summary>
internal sealed record ShareView(string Session, string Member, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public static ShareView Of(SessionShare share) => new(share.SessionId, share.MemberId, share.CreatedAt, share.ExpiresAt);
}
