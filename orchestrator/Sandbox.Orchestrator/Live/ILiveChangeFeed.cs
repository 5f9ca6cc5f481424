namespace Sandbox.Orchestrator.Live;

/// <summary>
/// The seam between where changes happen and where they are delivered. In one process it is a queue; with several
/// replicas a backplane (PostgreSQL LISTEN/NOTIFY, a message broker) implements it, so that every replica's fan-out
/// reads every change and delivers it to its own connections. Changes of one session are read in the order they were
/// published.
/// </summary>
internal interface ILiveChangeFeed
{
    /// <summary>Publishes a change; never blocks (it is called from store writes).</summary>
    void Publish(LiveChange change);

    /// <summary>Every change published from now on, in order, until <paramref name="cancellationToken"/> fires.</summary>
    IAsyncEnumerable<LiveChange> ReadAllAsync(CancellationToken cancellationToken);
}
