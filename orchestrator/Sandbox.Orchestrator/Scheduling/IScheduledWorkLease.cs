namespace Sandbox.Orchestrator.Scheduling;

/// <summary>
/// The one seam that makes work that must happen once run on one replica only: each period's pass of scheduled work, the
/// start-up removal of orphaned sandboxes, each dataset build. The implementation is a row per work name in the store
/// (<see cref="StoreScheduledWorkLease"/>): whoever takes it first keeps it until it ends or is released. With one
/// replica it always succeeds. (Sessions have leases of their own, with an epoch that fences writes:
/// <see cref="Sessions.SessionLeases"/>.)
/// </summary>
internal interface IScheduledWorkLease
{
    /// <summary>Takes the work for <paramref name="length"/> unless another replica holds it; false when it does.</summary>
    Task<bool> TryTakeAsync(string name, TimeSpan length, CancellationToken cancellationToken);

    /// <summary>Lets go of the work if this replica holds it, so another may take it at once; nothing happens otherwise.</summary>
    Task ReleaseAsync(string name, CancellationToken cancellationToken);
}
