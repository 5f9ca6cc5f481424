namespace Sandbox.Orchestrator.Budget;

/// <summary>Budget enforcement while sessions run (section <c>Sandbox:Sweep</c>, the sweep's schedule).</summary>
internal sealed class BudgetEnforcementOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox:Sweep";

    /// <summary>
    /// How often members with running sessions have their month-to-date cost checked against their budget; a budget stop
    /// comes at most this late. Default 1 minute (at least 1 second).
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
