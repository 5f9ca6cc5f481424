namespace Sandbox.Orchestrator.Sharing;

/// <summary>A share to the caller as <c>GET /api/v1/me/shares</c> shows it: which session, whose, until when.</summary>
/// <param name="Session">The shared session's id.</param>
/// <param name="Owner">The session owner's member id.</param>
/// <param name="OwnerName">The owner's display name.</param>
/// <param name="CreatedAt">When it was shared.</param>
/// <param name="ExpiresAt">When access ends by itself.</param>
internal sealed record ShareToMeView(string Session, string Owner, string OwnerName, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
