using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Live;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Budget;

/// <summary>
/// One sweep of budget enforcement over every member with a running session: at 80 % of the month's budget the member
/// is warned (once a month, remembered in the store), at 100 % every live session of theirs is asked to stop with reason
/// <c>budget_exhausted</c> and they are told. Level-triggered: a second sweep finds nothing more to do.
/// </summary>
internal sealed partial class BudgetEnforcementWork(
    SandboxDbContext db,
    IMemberSpendSource spending,
    SystemStopRequester stops,
    IMemberNotices notices,
    TimeProvider clock,
    ILogger<BudgetEnforcementWork> logger) : IScheduledWork
{
    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // 1. Only running sessions add cost as time passes: their owners are the members to check.
        var now = clock.GetUtcNow();
        var members = await db.Sessions.AsNoTracking()
            .Where(s => s.State == SessionState.Running && !s.StopRequested)
            .Select(s => s.OwnerId).Distinct().ToListAsync(cancellationToken);

        foreach (var memberId in members.Order(StringComparer.Ordinal))
        {
            // 2. Their spend this month against their budget, and whether they were warned this month.
            var spend = await spending.ReadAsync(memberId, now, cancellationToken);
            var warned = await db.BudgetWarnings.AsNoTracking().AnyAsync(w => w.MemberId == memberId && w.Month == spend.Month, cancellationToken);

            // 3. Warn, or stop everything they run.
            switch (BudgetRule.Decide(spend.MonthToDateKrw, spend.MonthlyBudgetKrw, warned))
            {
                case BudgetVerdict.Warn:
                    await WarnAsync(memberId, spend, now, cancellationToken);
                    break;
                case BudgetVerdict.Exhausted:
                    await StopAllAsync(memberId, spend, now, cancellationToken);
                    break;
            }
        }
    }

    private async Task WarnAsync(string memberId, MemberSpend spend, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The key (member, month) lets only one warning be recorded; whoever records it sends it.
        db.BudgetWarnings.Add(new BudgetWarningRecord { MemberId = memberId, Month = spend.Month, WarnedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return;
        }

        var percent = spend.MonthlyBudgetKrw > 0 ? Math.Floor(spend.MonthToDateKrw / spend.MonthlyBudgetKrw * 100) : 100;
        await notices.SendAsync(memberId, new MemberNotice(MemberNoticeKinds.BudgetWarning, string.Create(CultureInfo.InvariantCulture,
            $"You have used {percent:0} % of your budget for {spend.Month} ({Math.Round(spend.MonthToDateKrw, MidpointRounding.AwayFromZero):0} of {spend.MonthlyBudgetKrw:0} KRW). Running sessions stop when it is used up."),
            null, now), cancellationToken);
        Log.Warned(logger, memberId, spend.Month, spend.MonthToDateKrw, spend.MonthlyBudgetKrw);
    }

    private async Task StopAllAsync(string memberId, MemberSpend spend, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Starting sessions too: each would begin to cost the moment it is ready.
        var live = await db.Sessions.AsNoTracking()
            .Where(s => s.OwnerId == memberId && !s.StopRequested && s.State != SessionState.Stopped && s.State != SessionState.Failed && s.State != SessionState.Stopping)
            .Select(s => s.Id).ToListAsync(cancellationToken);
        var detail = new { month = spend.Month, monthToDateKrw = spend.MonthToDateKrw, monthlyBudgetKrw = spend.MonthlyBudgetKrw };
        var stopped = new List<string>();
        foreach (var id in live.Order(StringComparer.Ordinal))
        {
            if (await stops.RequestAsync(id, SessionStopReasons.BudgetExhausted, detail, cancellationToken) == SystemStopOutcome.Requested)
            {
                stopped.Add(id);
            }
        }

        if (stopped.Count == 0)
        {
            return;
        }

        Log.Exhausted(logger, memberId, spend.Month, spend.MonthToDateKrw, spend.MonthlyBudgetKrw, stopped.Count);
        await notices.SendAsync(memberId, new MemberNotice(MemberNoticeKinds.BudgetExhausted, string.Create(CultureInfo.InvariantCulture,
            $"Your budget for {spend.Month} ({spend.MonthlyBudgetKrw:0} KRW) is used up: {string.Join(", ", stopped)} {(stopped.Count == 1 ? "is" : "are")} being stopped."),
            stopped.Count == 1 ? stopped[0] : null, now), cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} warned: {MonthToDate} of {Budget} KRW used in {Month}")]
        public static partial void Warned(ILogger logger, string memberId, string month, decimal monthToDate, decimal budget);

        [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} used up the budget for {Month} ({MonthToDate} of {Budget} KRW): stopping {Count} sessions")]
        public static partial void Exhausted(ILogger logger, string memberId, string month, decimal monthToDate, decimal budget, int count);
    }
}
