using System.ComponentModel.DataAnnotations;

namespace Sandbox.Orchestrator.Billing.Invoices;

/// <summary>How monthly invoices are issued (section <c>Sandbox:Invoices</c>).</summary>
internal sealed class InvoiceOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox:Invoices";

    /// <summary>
    /// How often the catch-up pass looks for closed months without an issued version (it also runs at start-up). The monthly
    /// issue itself runs at 00:10 on the 1st in the billing time zone. Default 01:00:00 (one hour); at least one second.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "31.00:00:00", ErrorMessage = "Sandbox:Invoices:CatchUpInterval must be between one second and 31 days.")]
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromHours(1);
}
