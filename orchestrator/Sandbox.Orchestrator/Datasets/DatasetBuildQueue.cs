using System.Threading.Channels;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>Dataset versions whose data image is waiting to be built, by row id.</summary>
internal sealed class DatasetBuildQueue
{
    private readonly Channel<long> _pending = Channel.CreateUnbounded<long>();

    public void Enqueue(long datasetVersionId) => _pending.Writer.TryWrite(datasetVersionId);

    public ValueTask<long> DequeueAsync(CancellationToken cancellationToken) => _pending.Reader.ReadAsync(cancellationToken);
}
