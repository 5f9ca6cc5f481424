using Microsoft.Extensions.DependencyInjection.Extensions;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Budget;

/// <summary>Registers budget enforcement while sessions run.</summary>
internal static class BudgetServiceCollectionExtensions
{
    /// <summary>The scheduled work's name (also its lease name).</summary>
    public const string WorkName = "budget-enforcement";

    public static IServiceCollection AddSandboxBudgetEnforcement(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BudgetEnforcementOptions>().Bind(configuration.GetSection(BudgetEnforcementOptions.Section))
            .Validate(o => o.Interval >= TimeSpan.FromSeconds(1), "Sandbox:Sweep:Interval must be at least 1 second.")
            .ValidateOnStart();
        var interval = configuration.GetSection(BudgetEnforcementOptions.Section).Get<BudgetEnforcementOptions>()?.Interval ?? new BudgetEnforcementOptions().Interval;
        services.AddScoped<IMemberSpendSource, QuotaLedgerSpend>();
        services.TryAddScoped<SystemStopRequester>();
        services.AddScheduledWork<BudgetEnforcementWork>(WorkName, WorkSchedule.Every(interval >= TimeSpan.FromSeconds(1) ? interval : TimeSpan.FromSeconds(1)), runAtStart: true);
        return services;
    }
}
