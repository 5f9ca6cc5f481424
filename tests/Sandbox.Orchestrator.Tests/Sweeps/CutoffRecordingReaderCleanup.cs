using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Sweeps;

/// <summary>A reader cleanup port that records the cutoffs it was asked for and reports one reader removed each time.</summary>
internal sealed class CutoffRecordingReaderCleanup : IDataImageReaderCleanup
{
    public List<DateTimeOffset> Cutoffs { get; } = [];

    public Task<int> RemoveCreatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        Cutoffs.Add(cutoff);
        return Task.FromResult(1);
    }
}
