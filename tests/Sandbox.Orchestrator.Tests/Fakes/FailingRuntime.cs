using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Fakes;

/// <summary>A runtime that refuses every start, as when the notebook image is missing.</summary>
internal sealed class FailingRuntime : InMemoryRuntime
{
    public override Task<RuntimeState> StartAsync(RuntimeSpec spec, IProgress<RuntimeProgress> progress, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Starts);
        throw new RuntimeException("image_missing", $"The image {spec.Image} is not present.");
    }
}
