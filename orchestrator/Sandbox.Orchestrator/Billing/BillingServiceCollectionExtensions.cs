namespace Sandbox.Orchestrator.Billing;

/// <summary>Registers quotas, admission and billing.</summary>
internal static class BillingServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxBilling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QuotaOptions>().Bind(configuration.GetSection(QuotaOptions.Section))
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Sandbox:Quotas:TimeZone is not a known time zone.")
            .Validate(o => o.BudgetReservation >= TimeSpan.Zero, "Sandbox:Quotas:BudgetReservation must not be negative.")
            .Validate(o => new[] { o.Member, o.NonMember }.All(t => t.MaxConcurrentSessions is null or >= 0 && t.MonthlyBudgetKrw is null or >= 0),
                "Sandbox:Quotas: concurrent sessions and budgets must not be negative.")
            .ValidateOnStart();
        services.AddSingleton<QuotaPolicySource>();
        services.AddSingleton<AdmissionGate.MemberLocks>();
        services.AddScoped<AdmissionGate>();
        services.AddScoped<BillingLedger>();
        services.AddScoped<QuotaLedger>();
        services.AddHostedService<RateCardSeeder>();
        return services;
    }
}
