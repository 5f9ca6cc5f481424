namespace Sandbox.NotebookProxy.Tests.Infrastructure;

/// <summary>
/// Tests that measure the whole process (allocations) run in this collection, alone: other tests running alongside
/// would inflate what they measure. It has its own proxy and notebook.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone : ICollectionFixture<ProxyFixture>
{
    public const string Name = "Runs alone";
}
