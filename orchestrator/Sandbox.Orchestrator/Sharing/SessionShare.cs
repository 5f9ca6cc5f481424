namespace Sandbox.Orchestrator.Sharing;

/// <summary>
/// An owner's invitation for a mentor to use a session until it expires or is revoked. The session stays billed
/// to its owner. Rows are kept after revocation and expiry, as a record of who had access when.
/// </summary>
internal sealed class SessionShare
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The shared session.</summary>
    public string SessionId { get; set; } = "";

    /// <summary>The invited mentor.</summary>
    public string MemberId { get; set; } = "";

    /// <summary>Who shared it (the session's owner).</summary>
    public string SharedBy { get; set; } = "";

    /// <summary>When it was shared.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When access ends by itself.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When the owner revoked it, if they did.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>When the mentor's open connections were closed after revocation or expiry.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Whether the mentor may use the session at <paramref name="now"/>.</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}
