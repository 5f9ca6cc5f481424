namespace Sandbox.Orchestrator.Live;

/// <summary>A notice for one member's connections (<see cref="IMemberNotices"/>).</summary>
internal sealed record MemberNoticed(string MemberId, MemberNotice Notice) : LiveChange;
