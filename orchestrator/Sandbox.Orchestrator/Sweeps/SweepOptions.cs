using System.ComponentModel.DataAnnotations;

namespace Sandbox.Orchestrator.Sweeps;

/// <summary>How leftovers are swept (section <c>Sandbox:Sweep</c>).</summary>
internal sealed class SweepOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox:Sweep";

    /// <summary>How often each sweep runs. Default 00:01:00 (one minute); at least one second.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Sandbox:Sweep:Interval must be between one second and one day.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after its withdrawal a dataset version's image may be removed (once no live session mounts it). The wait
    /// covers a launch that resolved the version just before it was withdrawn. Default 00:10:00 (ten minutes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00", ErrorMessage = "Sandbox:Sweep:WithdrawnImageGrace must be between zero and 30 days.")]
    public TimeSpan WithdrawnImageGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long after a member's removal their home (their files) is deleted. The wait lets a removal made by mistake be
    /// undone by hand from the home. Default 30.00:00:00 (30 days).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "Sandbox:Sweep:RemovedMemberHomeGrace must be between zero and 365 days.")]
    public TimeSpan RemovedMemberHomeGrace { get; set; } = TimeSpan.FromDays(30);
}
