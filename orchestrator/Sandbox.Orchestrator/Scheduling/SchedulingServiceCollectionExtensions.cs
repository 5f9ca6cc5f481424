using Quartz;

namespace Sandbox.Orchestrator.Scheduling;

/// <summary>Registers Quartz and the work it runs.</summary>
internal static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Adds Quartz (in-memory triggers, a small thread pool: the host's cores belong to the notebooks), the store lease
    /// that keeps each period's pass on one replica, and the hosted service that schedules every registered work.
    /// </summary>
    public static IServiceCollection AddSandboxScheduling(this IServiceCollection services)
    {
        services.AddQuartz(q =>
        {
            q.UseInMemoryStore();
            q.UseDefaultThreadPool(2);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddSingleton<ReplicaIdentity>();
        services.AddSingleton<ScheduledWorkRunner>();
        services.AddScoped<IScheduledWorkLease, StoreScheduledWorkLease>();
        services.AddTransient<ScheduledWorkJob>();
        services.AddHostedService<ScheduledWorkScheduler>();
        return services;
    }

    /// <summary>Registers <typeparamref name="TWork"/> to run on <paramref name="schedule"/> under <paramref name="name"/>.</summary>
    public static IServiceCollection AddScheduledWork<TWork>(this IServiceCollection services, string name, WorkSchedule schedule, bool runAtStart = false)
        where TWork : class, IScheduledWork
    {
        services.AddScoped<TWork>();
        services.AddSingleton(new ScheduledWorkDefinition(name, typeof(TWork), schedule, runAtStart));
        return services;
    }
}
