namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary>
/// A one-time hand-off code waiting to be redeemed at a notebook origin (table <c>notebook_handoffs</c>). Only the code's
/// SHA-256 is stored, so the table leaks nothing usable; a row is deleted when redeemed, which is what makes it one-time
/// on every replica.
/// </summary>
internal sealed class NotebookHandoffRecord
{
    /// <summary>SHA-256 of the code, hex.</summary>
    public required string CodeHash { get; set; }

    /// <summary>The session whose notebook origin may redeem it.</summary>
    public required string SessionId { get; set; }

    /// <summary>Who asked for it.</summary>
    public required string MemberId { get; set; }

    /// <summary>The member's security stamp when it was issued: a sign-out in between makes it worthless.</summary>
    public required string SecurityStamp { get; set; }

    /// <summary>When it stops being redeemable.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
