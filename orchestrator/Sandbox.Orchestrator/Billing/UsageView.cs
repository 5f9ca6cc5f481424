namespace Sandbox.Orchestrator.Billing;

/// <summary>One billable interval of a session: from ready to ended (null while it runs).</summary>
internal sealed record UsageView(
    string Session, string Member, string Profile, string Size, decimal Cpu, decimal MemoryGiB, int Gpu,
    DateTimeOffset Start, DateTimeOffset? End, decimal Hours, IReadOnlyList<Sessions.SessionDatasetView> Datasets);
