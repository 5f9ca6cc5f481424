namespace Sandbox.Orchestrator.Budget;

/// <summary>How much a member has spent this month, running sessions counted up to now.</summary>
internal interface IMemberSpendSource
{
    /// <summary>The spend of <paramref name="memberId"/> at <paramref name="now"/>.</summary>
    Task<MemberSpend> ReadAsync(string memberId, DateTimeOffset now, CancellationToken cancellationToken);
}
