using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>What became of an upload: an accepted version (being built), or a refusal that left nothing behind.</summary>
internal sealed record PublishOutcome(DatasetVersionView? Accepted, int Status, string? Reason, string? Detail)
{
    /// <summary>Field-named errors of the metadata, when that is why it was refused.</summary>
    public IReadOnlyList<ValidationError> Errors { get; init; } = [];

    public static PublishOutcome Accept(DatasetVersionView view) => new(view, 202, null, null);

    public static PublishOutcome Refuse(int status, string reason, string detail) => new(null, status, reason, detail);

    public static PublishOutcome Invalid(IReadOnlyList<ValidationError> errors) => new(null, 400, errors[0].Reason, errors[0].Message) { Errors = errors };
}
