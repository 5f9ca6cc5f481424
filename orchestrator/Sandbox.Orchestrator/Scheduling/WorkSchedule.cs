namespace Sandbox.Orchestrator.Scheduling;

/// <summary>When a piece of scheduled work runs: every <see cref="Interval"/>, or on a Quartz cron expression in a time zone.</summary>
internal sealed record WorkSchedule
{
    private WorkSchedule(TimeSpan? interval, string? cron, TimeZoneInfo? timeZone)
    {
        Interval = interval;
        Cron = cron;
        TimeZone = timeZone;
    }

    /// <summary>The repeat interval of an interval schedule.</summary>
    public TimeSpan? Interval { get; }

    /// <summary>The Quartz cron expression (seconds first) of a calendar schedule.</summary>
    public string? Cron { get; }

    /// <summary>The time zone the cron expression is read in.</summary>
    public TimeZoneInfo? TimeZone { get; }

    /// <summary>Runs every <paramref name="interval"/> (at least one second).</summary>
    public static WorkSchedule Every(TimeSpan interval) =>
        interval >= TimeSpan.FromSeconds(1) ? new(interval, null, null)
            : throw new ArgumentOutOfRangeException(nameof(interval), interval, "A schedule interval must be at least one second.");

    /// <summary>Runs on <paramref name="cron"/> (Quartz syntax, e.g. <c>0 10 0 1 * ?</c>) read in <paramref name="timeZone"/>.</summary>
    public static WorkSchedule OnCron(string cron, TimeZoneInfo timeZone) =>
        Quartz.CronExpression.TryParse(cron, out _) ? new(null, cron, timeZone)
            : throw new ArgumentException($"'{cron}' is not a valid cron expression.", nameof(cron));

    /// <summary>
    /// How long one replica keeps the work to itself once it has started a pass: the rest of the period, so other replicas
    /// firing for the same period skip it (for calendar schedules, one hour).
    /// </summary>
    public TimeSpan LeaseLength => Interval is { } interval ? interval * 0.9 : TimeSpan.FromHours(1);
}
