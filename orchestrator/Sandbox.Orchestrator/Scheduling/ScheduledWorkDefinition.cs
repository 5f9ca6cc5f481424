namespace Sandbox.Orchestrator.Scheduling;

/// <summary>
/// A registered piece of scheduled work: its stable <paramref name="Name"/> (also its lease name), the
/// <see cref="IScheduledWork"/> type that does a pass, and its schedule. <paramref name="RunAtStart"/> runs one pass when
/// the orchestrator starts, which is how runs missed while it was down are caught up (the store of triggers is in memory).
/// </summary>
internal sealed record ScheduledWorkDefinition(string Name, Type WorkType, WorkSchedule Schedule, bool RunAtStart);
