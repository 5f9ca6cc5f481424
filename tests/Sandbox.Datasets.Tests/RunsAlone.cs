namespace Sandbox.Datasets.Tests;

/// <summary>
/// Tests that measure the whole process (allocated bytes) run with no other test of this assembly beside them:
/// a parallel test's allocations would be counted as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
