namespace Sandbox.Orchestrator.Datasets;

/// <summary>What became of an upload: an accepted version (being built), or a refusal that left nothing behind.</summary>
internal sealed record PublishOutcome(DatasetVersionView? Accepted, int Status, string? Reason, string? Detail)
{
    public static PublishOutcome Accept(DatasetVersionView view) => new(view, 202, null, null);

    public static PublishOutcome Refuse(int status, string reason, string detail) => new(null, status, reason, detail);
}
