using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Fakes;

/// <summary>A runtime whose starts take a while (real time), to catch overlapping passes over one session.</summary>
internal sealed class SlowRuntime(TimeSpan startDuration) : InMemoryRuntime
{
    private int _concurrentStarts;

    public int MaxConcurrentStartsPerSession { get; private set; }

    public override async Task<RuntimeState> StartAsync(RuntimeSpec spec, IProgress<RuntimeProgress> progress, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _concurrentStarts);
        MaxConcurrentStartsPerSession = Math.Max(MaxConcurrentStartsPerSession, now);
        await Task.Delay(startDuration, cancellationToken);
        Interlocked.Decrement(ref _concurrentStarts);
        return await base.StartAsync(spec, progress, cancellationToken);
    }
}
