using System.Diagnostics;

namespace Sandbox.Orchestrator.Scheduling;

/// <summary>
/// Runs one pass of a registered piece of work: takes its lease (so one replica runs each period), builds a scope,
/// runs the work, and logs what happened. A failing pass is logged and left for the next period; it never stops the
/// scheduler.
/// </summary>
internal sealed partial class ScheduledWorkRunner(
    IServiceScopeFactory scopes, IEnumerable<ScheduledWorkDefinition> definitions, ILogger<ScheduledWorkRunner> logger)
{
    private readonly Dictionary<string, ScheduledWorkDefinition> _definitions = definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>The registered work, by name.</summary>
    public IReadOnlyCollection<ScheduledWorkDefinition> Definitions => _definitions.Values;

    /// <summary>Runs a pass of <paramref name="name"/> now; returns what happened.</summary>
    public async Task<ScheduledRunOutcome> RunAsync(string name, CancellationToken cancellationToken)
    {
        if (!_definitions.TryGetValue(name, out var definition))
        {
            return ScheduledRunOutcome.Unknown;
        }

        await using var scope = scopes.CreateAsyncScope();
        var lease = scope.ServiceProvider.GetRequiredService<IScheduledWorkLease>();
        if (!await lease.TryTakeAsync(name, definition.Schedule.LeaseLength, cancellationToken))
        {
            Log.HeldElsewhere(logger, name);
            return ScheduledRunOutcome.HeldByAnotherReplica;
        }

        var work = (IScheduledWork)scope.ServiceProvider.GetRequiredService(definition.WorkType);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await work.RunAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            Log.Ran(logger, name, elapsed.TotalMilliseconds);
            return ScheduledRunOutcome.Ran;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ScheduledRunOutcome.Cancelled;
        }
#pragma warning disable CA1031 // A failed pass must not take the scheduler down; the next period retries.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.Failed(logger, exception, name);
            return ScheduledRunOutcome.Failed;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Scheduled work {Name} ran in {Milliseconds:0} ms")]
        public static partial void Ran(ILogger logger, string name, double milliseconds);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Scheduled work {Name} skipped: another replica holds this period")]
        public static partial void HeldElsewhere(ILogger logger, string name);

        [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled work {Name} failed; the next period retries")]
        public static partial void Failed(ILogger logger, Exception exception, string name);
    }
}
