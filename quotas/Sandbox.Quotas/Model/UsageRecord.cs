namespace Sandbox.Quotas;

/// <summary>One billable interval of a session, at the session's size.</summary>
/// <param name="Id">Unique id of the record.</param>
/// <param name="MemberId">The member who pays for it.</param>
/// <param name="SessionId">The session it was measured on.</param>
/// <param name="Start">When the notebook became ready (inclusive).</param>
/// <param name="End">When it left running, or "now" for a running session (exclusive).</param>
/// <param name="Amounts">vCPUs, GiB of memory and GPUs held during the interval.</param>
public sealed record UsageRecord(
    string Id,
    string MemberId,
    string SessionId,
    DateTimeOffset Start,
    DateTimeOffset End,
    ResourceAmounts Amounts);
