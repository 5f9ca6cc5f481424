using Sandbox.Orchestrator.Scheduling;

namespace Sandbox.Orchestrator.Billing.Invoices;

/// <summary>Registers issued invoices and the work that issues them.</summary>
internal static class InvoicesServiceCollectionExtensions
{
    /// <summary>The monthly issue's work name (its lease name too).</summary>
    public const string MonthlyWorkName = "invoices.monthly";

    /// <summary>The catch-up pass's work name.</summary>
    public const string CatchUpWorkName = "invoices.catch-up";

    /// <summary>
    /// Adds the issuer and two schedules of the same level-triggered pass: at 00:10 on the 1st in the billing time zone, and
    /// a catch-up pass at start-up and every <see cref="InvoiceOptions.CatchUpInterval"/>. They hold separate leases, so a
    /// catch-up pass shortly before the 1st never makes the monthly run skip its period.
    /// </summary>
    public static IServiceCollection AddSandboxInvoices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InvoiceOptions>().Bind(configuration.GetSection(InvoiceOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(InvoiceOptions.Section).Get<InvoiceOptions>() ?? new InvoiceOptions();
        var zoneId = configuration.GetSection(QuotaOptions.Section).Get<QuotaOptions>()?.TimeZone ?? new QuotaOptions().TimeZone;
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : TimeZoneInfo.Utc; // QuotaOptions' validation reports a bad zone.

        services.AddScoped<InvoiceIssuer>();
        services.AddScheduledWork<MonthlyInvoiceWork>(MonthlyWorkName, WorkSchedule.OnCron(InvoiceCalendar.IssueCron, zone));
        services.AddScheduledWork<MonthlyInvoiceWork>(CatchUpWorkName, WorkSchedule.Every(options.CatchUpInterval), runAtStart: true);
        return services;
    }
}
