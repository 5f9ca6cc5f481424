using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>What became of an admin's change to the catalog: the new state, or a refusal that changed nothing.</summary>
internal sealed record CuratorOutcome<T>(T? Value, int Status, IReadOnlyList<ValidationError> Errors)
    where T : class
{
    public static CuratorOutcome<T> Done(T value) => new(value, 200, []);

    public static CuratorOutcome<T> Refuse(int status, params ValidationError[] errors) => new(null, status, errors);
}
