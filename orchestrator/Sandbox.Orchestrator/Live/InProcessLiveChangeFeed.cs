using System.Threading.Channels;

namespace Sandbox.Orchestrator.Live;

/// <summary>The feed of a single orchestrator: an unbounded queue with one reader, the fan-out.</summary>
internal sealed class InProcessLiveChangeFeed : ILiveChangeFeed
{
    private readonly Channel<LiveChange> _changes = Channel.CreateUnbounded<LiveChange>(new UnboundedChannelOptions { SingleReader = true });

    /// <inheritdoc />
    public void Publish(LiveChange change) => _changes.Writer.TryWrite(change);

    /// <inheritdoc />
    public IAsyncEnumerable<LiveChange> ReadAllAsync(CancellationToken cancellationToken) => _changes.Reader.ReadAllAsync(cancellationToken);
}
