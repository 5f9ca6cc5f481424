using System.Collections.Concurrent;
using Sandbox.Orchestrator.Budget;

namespace Sandbox.Orchestrator.Tests.Budget;

/// <summary>Spend that a test sets per member (default: nothing spent of 100,000 KRW in November 2026).</summary>
internal sealed class ScriptedSpend : IMemberSpendSource
{
    private readonly ConcurrentDictionary<string, MemberSpend> _spend = new(StringComparer.Ordinal);

    public void Set(string memberId, decimal monthToDateKrw, decimal budgetKrw, string month = "2026-11") =>
        _spend[memberId] = new MemberSpend(month, monthToDateKrw, budgetKrw);

    public Task<MemberSpend> ReadAsync(string memberId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(_spend.GetValueOrDefault(memberId) ?? new MemberSpend("2026-11", 0, 100_000));
}
