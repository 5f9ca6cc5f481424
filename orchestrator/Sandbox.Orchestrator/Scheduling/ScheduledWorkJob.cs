using Quartz;

namespace Sandbox.Orchestrator.Scheduling;

/// <summary>
/// The one Quartz job type: each trigger carries the name of the work to run, and the runner does the rest. Quartz
/// never runs two passes of the same work at once in this process.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ScheduledWorkJob(ScheduledWorkRunner runner, Telemetry.SandboxMetrics metrics) : IJob
{
    /// <summary>The job data key holding the work's name.</summary>
    public const string WorkNameKey = "work";

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = context.MergedJobDataMap.GetString(WorkNameKey) ?? "";
        var outcome = await runner.RunAsync(name, cancellationToken);
        metrics.ScheduledWorkRan(name, outcome switch
        {
            ScheduledRunOutcome.Ran => "ran",
            ScheduledRunOutcome.HeldByAnotherReplica => "held_elsewhere",
            ScheduledRunOutcome.Failed => "failed",
            ScheduledRunOutcome.Cancelled => "cancelled",
            _ => "unknown",
        });
    }
}
