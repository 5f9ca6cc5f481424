namespace Sandbox.Quotas;

/// <summary>The price tier a member is billed at. Written as <c>member</c> and <c>non_member</c>.</summary>
public enum Tier
{
    Member = 0,
    NonMember = 1,
}
