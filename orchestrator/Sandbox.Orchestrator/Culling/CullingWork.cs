using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Live;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Culling;

/// <summary>
/// One pass of idle culling and maximum age over every running session: warn owners ahead of a stop, then ask the
/// reconciler to stop with reason <c>idle</c> or <c>max_age</c>. Level-triggered: what was already warned is in the
/// store, so a second pass (or a pass on another replica) sends nothing twice. A notebook that cannot be asked is never
/// culled for idleness: a stop needs evidence of idleness, not a missing answer.
/// </summary>
internal sealed partial class CullingWork(
    SandboxDbContext db,
    RunningNotebookAddress addresses,
    INotebookActivitySource activity,
    ProxiedUse proxiedUse,
    SystemStopRequester stops,
    IMemberNotices notices,
    IOptionsMonitor<CullingOptions> options,
    TimeProvider clock,
    ILogger<CullingWork> logger) : IScheduledWork
{
    /// <summary>Notebooks asked at once: enough that a few slow ones do not hold up the pass, few enough for two cores.</summary>
    private const int ParallelReads = 8;

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // 1. The running sessions nobody has asked to stop yet, with their owners' tiers and the warnings already sent.
        var now = clock.GetUtcNow();
        var settings = options.CurrentValue;
        var running = await db.Sessions.AsNoTracking()
            .Where(s => s.State == SessionState.Running && !s.StopRequested && s.ReadyAt != null)
            .ToListAsync(cancellationToken);
        proxiedUse.KeepOnly(running.Select(s => s.Id).ToHashSet(StringComparer.Ordinal));
        if (running.Count == 0)
        {
            return;
        }

        var policies = await PoliciesAsync(running, settings, now, cancellationToken);
        var ids = running.Select(s => s.Id).ToList();
        var warnings = (await db.SessionWarnings.AsNoTracking().Where(w => ids.Contains(w.SessionId)).ToListAsync(cancellationToken))
            .ToDictionary(w => (w.SessionId, w.Kind), w => w.WarnedAt);

        // 2. Ask the notebooks that could be idle by now how they are used (a session younger than the warning point cannot be).
        var readings = new ConcurrentDictionary<string, NotebookActivityReading>(StringComparer.Ordinal);
        var toRead = running.Where(s => policies[s.Id] is { IdleTimeout: { } idle } p && now - s.ReadyAt!.Value >= idle - p.WarnBefore);
        await Parallel.ForEachAsync(toRead, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (session, ct) => readings[session.Id] = await ReadAsync(session, ct));

        // 3. Decide and act, one session at a time: maximum age first (it holds however busy the notebook is), then idleness.
        foreach (var session in running)
        {
            var policy = policies[session.Id];
            var readyAt = session.ReadyAt!.Value;
            var maxAge = WarnThenStop.Decide(readyAt, now, policy.MaxAge, policy.WarnBefore, warnings.GetValueOrDefault((session.Id, MemberNoticeKinds.MaxAgeWarning)));
            if (maxAge == CullVerdict.Stop)
            {
                await StopAsync(session, SessionStopReasons.MaxAge, new { readyAt, maxAge = policy.MaxAge }, cancellationToken);
                continue;
            }

            if (readings.TryGetValue(session.Id, out var reading))
            {
                if (reading.Activity is { } seen)
                {
                    var lastActivity = Later(Later(seen.LatestAt(now), readyAt), proxiedUse.LastAt(session.Id) ?? readyAt);
                    if (logger.IsEnabled(LogLevel.Debug))
                    {
                        var busy = seen.Kernels.Count(k => k.IsBusy);
                        Log.Read(logger, session.Id, seen.LastActivity, seen.Kernels.Count, busy, lastActivity);
                    }

                    var idle = WarnThenStop.Decide(lastActivity, now, policy.IdleTimeout, policy.WarnBefore, warnings.GetValueOrDefault((session.Id, MemberNoticeKinds.IdleWarning)));
                    if (idle == CullVerdict.Stop)
                    {
                        await StopAsync(session, SessionStopReasons.Idle, new { lastActivity, idleTimeout = policy.IdleTimeout }, cancellationToken);
                        continue;
                    }

                    if (idle == CullVerdict.Warn)
                    {
                        var left = Later(lastActivity + policy.IdleTimeout!.Value, now + settings.CheckInterval) - now;
                        await WarnAsync(session, MemberNoticeKinds.IdleWarning, now, string.Create(CultureInfo.InvariantCulture,
                            $"Notebook {session.Id} has not been used since {lastActivity.UtcDateTime:yyyy-MM-dd HH:mm} UTC; it will be stopped in about {Math.Ceiling(left.TotalMinutes):0} minutes unless it is used."),
                            cancellationToken);
                    }
                }
                else
                {
                    Log.Unreadable(logger, session.Id, reading.Failure ?? "unknown");
                }
            }

            if (maxAge == CullVerdict.Warn)
            {
                var left = Later(readyAt + policy.MaxAge!.Value, now + settings.CheckInterval) - now;
                await WarnAsync(session, MemberNoticeKinds.MaxAgeWarning, now, string.Create(CultureInfo.InvariantCulture,
                    $"Notebook {session.Id} reaches its maximum age of {policy.MaxAge.Value.TotalHours:0.##} hours; it will be stopped in about {Math.Ceiling(left.TotalMinutes):0} minutes."),
                    cancellationToken);
            }
        }
    }

    private async Task<Dictionary<string, CullingPolicy>> PoliciesAsync(List<Session> running, CullingOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var owners = running.Select(s => s.OwnerId).Distinct(StringComparer.Ordinal).ToList();
        var periods = await db.MemberTiers.AsNoTracking().Where(t => owners.Contains(t.MemberId)).ToListAsync(cancellationToken);
        return running.ToDictionary(s => s.Id, s => settings.For(
            periods.FirstOrDefault(p => p.MemberId == s.OwnerId && p.From <= now && (p.To is null || now < p.To))?.Tier ?? Tiers.NonMember),
            StringComparer.Ordinal);
    }

    private async Task<NotebookActivityReading> ReadAsync(Session session, CancellationToken cancellationToken)
    {
        try
        {
            return await addresses.FindAsync(session, cancellationToken) is { } found
                ? await activity.ReadAsync(found.Address, session.Id, found.Token, cancellationToken)
                : NotebookActivityReading.Failed("no_endpoint");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            // The runtime itself could not be asked: no information, so no verdict.
            return NotebookActivityReading.Failed("runtime_unreachable");
        }
    }

    private async Task WarnAsync(Session session, string kind, DateTimeOffset now, string message, CancellationToken cancellationToken)
    {
        // Remembered before it is sent: a warning lost in delivery is not worth sending twice to everyone else.
        var record = await db.SessionWarnings.FirstOrDefaultAsync(w => w.SessionId == session.Id && w.Kind == kind, cancellationToken);
        if (record is null)
        {
            db.SessionWarnings.Add(new SessionWarningRecord { SessionId = session.Id, Kind = kind, WarnedAt = now });
        }
        else
        {
            record.WarnedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        await notices.SendAsync(session.OwnerId, new MemberNotice(kind, message, session.Id, now), cancellationToken);
        Log.Warned(logger, session.Id, kind);
    }

    private async Task StopAsync(Session session, string reason, object detail, CancellationToken cancellationToken)
    {
        var outcome = await stops.RequestAsync(session.Id, reason, detail, cancellationToken);
        Log.Stopping(logger, session.Id, reason, outcome);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the activity of session {SessionId} ({Failure}); it is not culled for idleness")]
        public static partial void Unreadable(ILogger logger, string sessionId, string failure);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId}: notebook last active {Reported:O}, {Kernels} kernel(s), {Busy} busy; last use {LastUse:O}")]
        public static partial void Read(ILogger logger, string sessionId, DateTimeOffset reported, int kernels, int busy, DateTimeOffset lastUse);

        [LoggerMessage(Level = LogLevel.Information, Message = "Warned the owner of session {SessionId}: {Kind}")]
        public static partial void Warned(ILogger logger, string sessionId, string kind);

        [LoggerMessage(Level = LogLevel.Information, Message = "Stopping session {SessionId}: {Reason} ({Outcome})")]
        public static partial void Stopping(ILogger logger, string sessionId, string reason, SystemStopOutcome outcome);
    }
}
