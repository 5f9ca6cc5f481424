using System.ComponentModel.DataAnnotations;

namespace Sandbox.Orchestrator.Audit;

/// <summary>How long the audit log keeps entries (section <c>Sandbox:Audit</c>).</summary>
internal sealed class AuditOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox:Audit";

    /// <summary>
    /// Entries older than this are deleted (hourly). Default 730.00:00:00 (two years: Korea's rules on personal information
    /// ask access records of such systems to be kept at least one year, two for large ones); at least one day.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Sandbox:Audit:Retention must be between one day and ten years.")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(730);

    /// <summary>How often old entries are deleted. Default 01:00:00; at least one second.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Sandbox:Audit:RetentionInterval must be between one second and one day.")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);
}
