using Sandbox.Orchestrator.Scheduling;

namespace Sandbox.Orchestrator.Sweeps;

/// <summary>Registers the sweeps: orphaned sandboxes, images of withdrawn dataset versions, homes of removed members.</summary>
internal static class SweepsServiceCollectionExtensions
{
    /// <summary>The work names (also their lease names).</summary>
    public const string SandboxesWorkName = "sweep.sandboxes";
    public const string WithdrawnImagesWorkName = "sweep.withdrawn-images";
    public const string RemovedMemberHomesWorkName = "sweep.removed-member-homes";

    /// <summary>
    /// Adds the three sweeps, each every <see cref="SweepOptions.Interval"/> with its own lease, so one failing never holds
    /// back the others. The sandbox sweep does not run at start-up: the reconciler's recovery does that pass then.
    /// </summary>
    public static IServiceCollection AddSandboxSweeps(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SweepOptions>().Bind(configuration.GetSection(SweepOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var interval = (configuration.GetSection(SweepOptions.Section).Get<SweepOptions>() ?? new SweepOptions()).Interval;
        var schedule = WorkSchedule.Every(interval);
        services.AddScheduledWork<SandboxSweepWork>(SandboxesWorkName, schedule);
        services.AddScheduledWork<WithdrawnImageSweepWork>(WithdrawnImagesWorkName, schedule, runAtStart: true);
        services.AddScheduledWork<RemovedMemberHomeSweepWork>(RemovedMemberHomesWorkName, schedule, runAtStart: true);
        return services;
    }
}
