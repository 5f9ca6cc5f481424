namespace Sandbox.Orchestrator.Scheduling;

/// <summary>
/// One pass of a piece of scheduled work (culling, budget stops, sweeps, invoices). A pass must be level-triggered and
/// idempotent: it looks at the world as it is now and converges it, so running it twice, late, or after a missed run
/// is harmless. Each pass gets its own DI scope; inject <see cref="TimeProvider"/> for "now".
/// </summary>
internal interface IScheduledWork
{
    /// <summary>Runs one pass.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
