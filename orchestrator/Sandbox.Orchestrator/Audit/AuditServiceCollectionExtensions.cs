using Sandbox.Orchestrator.Scheduling;

namespace Sandbox.Orchestrator.Audit;

/// <summary>Registers the audit log and its retention.</summary>
internal static class AuditServiceCollectionExtensions
{
    /// <summary>The retention work's name (also its lease name).</summary>
    public const string RetentionWorkName = "audit.retention";

    /// <summary>Adds <see cref="AuditLog"/>, <see cref="NotebookAccessAudit"/> and the retention pass (every <see cref="AuditOptions.RetentionInterval"/>, and at start).</summary>
    public static IServiceCollection AddSandboxAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<AuditLog>();
        services.AddSingleton<NotebookAccessAudit>();
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var interval = (configuration.GetSection(AuditOptions.Section).Get<AuditOptions>() ?? new AuditOptions()).RetentionInterval;
        services.AddScheduledWork<AuditRetentionWork>(RetentionWorkName, WorkSchedule.Every(interval >= TimeSpan.FromSeconds(1) ? interval : TimeSpan.FromSeconds(1)), runAtStart: true);
        return services;
    }
}
