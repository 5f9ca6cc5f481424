using Quartz;

namespace Sandbox.Orchestrator.Scheduling;

/// <summary>
/// Puts every registered piece of work on Quartz's scheduler when the orchestrator starts (one job per work, keyed by
/// its name). Missed periods: an interval schedule fires once now and goes on; a calendar schedule fires once now; and
/// work marked to run at start runs one pass immediately, which catches up periods missed while the process was down
/// (triggers live in memory, and every pass is level-triggered, so one catch-up pass is enough).
/// </summary>
internal sealed class ScheduledWorkScheduler(ISchedulerFactory schedulers, ScheduledWorkRunner runner, TimeProvider clock) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var definition in runner.Definitions)
        {
            var job = JobBuilder.Create<ScheduledWorkJob>()
                .WithIdentity(definition.Name, "sandbox")
                .UsingJobData(ScheduledWorkJob.WorkNameKey, definition.Name)
                .Build();
            var trigger = TriggerBuilder.Create(clock).WithIdentity(definition.Name, "sandbox").ForJob(job);
            trigger = definition.Schedule switch
            {
                { Interval: { } interval } => trigger
                    .StartAt(clock.GetUtcNow() + (definition.RunAtStart ? TimeSpan.Zero : interval))
                    .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
                { Cron: { } cron, TimeZone: { } zone } => trigger
                    .StartAt(clock.GetUtcNow())
                    .WithCronSchedule(cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)),
                _ => throw new InvalidOperationException($"Scheduled work {definition.Name} has no schedule."),
            };
            await scheduler.ScheduleJob(job, trigger.Build(), new ScheduleJobOptions { Replace = true }, cancellationToken);

            if (definition.RunAtStart && definition.Schedule.Cron is not null)
            {
                await scheduler.TriggerJob(job.Key, new JobDataMap(), cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
