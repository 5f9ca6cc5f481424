namespace Sandbox.Orchestrator.Scheduling;

/// <summary>
/// The one seam that makes each period's pass of a piece of work run on one replica only. The implementation is a row per
/// work name in the store (<see cref="StoreScheduledWorkLease"/>): whoever takes it first keeps it for the rest of the
/// period. With one replica it always succeeds.
/// </summary>
internal interface IScheduledWorkLease
{
    /// <summary>Takes the work for <paramref name="length"/> unless another replica holds it; false when it does.</summary>
    Task<bool> TryTakeAsync(string name, TimeSpan length, CancellationToken cancellationToken);
}
