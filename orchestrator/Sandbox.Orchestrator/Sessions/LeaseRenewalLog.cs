namespace Sandbox.Orchestrator.Sessions;

/// <summary>How a lease renewal is logged, wherever it runs: a renewal that took over a third of the lease is a warning.</summary>
internal static partial class LeaseRenewalLog
{
    public static void Report(ILogger logger, int renewed, TimeSpan took, TimeSpan leaseLength)
    {
        if (took > leaseLength / 3)
        {
            Slow(logger, renewed, took.TotalMilliseconds, leaseLength.TotalSeconds);
        }
        else
        {
            Renewed(logger, renewed, took.TotalMilliseconds);
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Renewed {Count} session leases in {Milliseconds:0} ms")]
    private static partial void Renewed(ILogger logger, int count, double milliseconds);

    [LoggerMessage(2, LogLevel.Warning, "Renewing {Count} session leases took {Milliseconds:0} ms; they run out after {LeaseSeconds} s unless renewed")]
    private static partial void Slow(ILogger logger, int count, double milliseconds, double leaseSeconds);
}
