using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Store;

namespace Sandbox.Orchestrator.Audit;

/// <summary>
/// Deletes audit entries older than <see cref="AuditOptions.Retention"/>, oldest first, in batches (so a first run on a
/// large log never holds the table long), and says how many it deleted. The deletion itself is not audited: the log says
/// what happened to the installation's objects, and its own length is a setting.
/// </summary>
internal sealed partial class AuditRetentionWork(SandboxDbContext db, IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuditRetentionWork> logger) : IScheduledWork
{
    /// <summary>Entries deleted per statement.</summary>
    internal const int Batch = 5000;

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - options.Value.Retention;
        var deleted = 0;
        while (true)
        {
            var last = await db.AuditEvents.Where(e => e.At < before).OrderBy(e => e.Id).Skip(Batch - 1).Select(e => (long?)e.Id).FirstOrDefaultAsync(cancellationToken);
            var count = last is { } upTo
                ? await db.AuditEvents.Where(e => e.Id <= upTo && e.At < before).ExecuteDeleteAsync(cancellationToken)
                : await db.AuditEvents.Where(e => e.At < before).ExecuteDeleteAsync(cancellationToken);
            deleted += count;
            if (last is null || count == 0)
            {
                break;
            }
        }

        if (deleted > 0)
        {
            Log.Deleted(logger, deleted, before);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Audit retention deleted {Count} entries from before {Before:O}")]
        public static partial void Deleted(ILogger logger, int count, DateTimeOffset before);
    }
}
