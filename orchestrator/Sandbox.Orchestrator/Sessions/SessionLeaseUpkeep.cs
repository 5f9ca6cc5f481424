using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Keeps this replica's session leases: renews all of them every <see cref="ReconcilerOptions.LeaseRenewInterval"/>;
/// every <see cref="ReconcilerOptions.LeaseScanInterval"/>, and just after another replica's lease runs out when that comes
/// sooner, takes over (in the store) and queues the live sessions nobody holds (new ones, and those of a replica that
/// died: taken over as its leases run out, within the lease length of its death) and queues the sessions it holds whose
/// stop was asked for (a nudge that did not arrive); and at shutdown lets go of them all and nudges them, so another replica takes them over
/// at once instead of after the lease runs out.
/// </summary>
internal sealed partial class SessionLeaseUpkeep(
    IServiceScopeFactory scopes, ReconcileQueue queue, IReconcileNudges nudges, LeasesHeldElsewhere heldElsewhere, DedicatedLeaseRenewal dedicated,
    TimeProvider clock, IOptions<ReconcilerOptions> options, ILogger<SessionLeaseUpkeep> logger)
{
    /// <summary>
    /// Runs the renewals (on PostgreSQL from a thread and connection of their own: <see cref="DedicatedLeaseRenewal"/>) and
    /// the scans until <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        dedicated.Applies ? dedicated.RunAsync(cancellationToken) : EveryAsync(options.Value.LeaseRenewInterval, RenewAsync, cancellationToken),
        ScanUntilStoppedAsync(cancellationToken));

    /// <summary>
    /// Orphans a scan takes all of when there are this few or fewer; above it, a replica takes its share. Small numbers are
    /// what a dead replica usually leaves, and taking them in one scan keeps the takeover within the lease time plus one
    /// scan; large numbers (hundreds of sessions) are what spreading serves.
    /// </summary>
    internal const int TakeAllUpTo = 10;

    /// <summary>
    /// Takes over live sessions nobody holds (new ones, and those of a replica that died or let go), then queues them
    /// (at start, and on each scan): the take is in the store at once, so a long queue on a busy replica delays the pass,
    /// not the takeover. A replica takes all orphans when there are at most <see cref="TakeAllUpTo"/>, otherwise its share:
    /// their number divided by the replicas holding live leases (this one included), rounded up, picked at random so
    /// replicas scanning at once mostly pick different ones; later scans take the rest. Also queues the sessions it
    /// holds whose stop was asked for.
    /// </summary>
    /// <returns>When the first live lease another replica holds runs out (null when none): the next scan's moment at the latest.</returns>
    public async Task<DateTimeOffset?> ScanAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var leases = scope.ServiceProvider.GetRequiredService<SessionLeases>();
        var unheld = await leases.UnheldAsync(cancellationToken);
        if (unheld.Count > 0)
        {
            var replicas = 1 + await leases.OtherLiveHoldersAsync(cancellationToken);
            var share = ShareOf(unheld.Count, replicas);
            var candidates = unheld.ToArray();
            Random.Shared.Shuffle(candidates);
            var taken = await leases.TakeOverAsync(candidates.Take(share), cancellationToken);
            if (taken.Count > 0)
            {
                Log.TookOver(logger, taken.Count, unheld.Count, replicas);
            }

            foreach (var lease in taken)
            {
                heldElsewhere.Forget(lease.SessionId);
                queue.Enqueue(lease.SessionId);
            }
        }

        foreach (var id in await leases.HeldStopRequestsAsync(cancellationToken))
        {
            queue.Enqueue(id);
        }

        return await leases.NextForeignExpiryAsync(cancellationToken);
    }

    /// <summary>How long after a scan the next one runs: the scan interval, or less when another replica's lease runs out
    /// sooner (just after it runs out, so a dead replica's sessions are taken over then, not up to an interval later).</summary>
    internal static TimeSpan NextScanDelay(DateTimeOffset now, DateTimeOffset? nextForeignExpiry, TimeSpan interval)
    {
        if (nextForeignExpiry is not { } expiry)
        {
            return interval;
        }

        var untilExpired = expiry - now + ExpirySlack;
        return untilExpired < interval ? TimeSpan.FromTicks(Math.Max(untilExpired.Ticks, MinimumScanDelay.Ticks)) : interval;
    }

    /// <summary>A lease is taken only once strictly past its expiry: the scan comes this long after.</summary>
    private static readonly TimeSpan ExpirySlack = TimeSpan.FromMilliseconds(20);

    /// <summary>The shortest pause between scans, so leases running out one after another do not make a busy loop.</summary>
    private static readonly TimeSpan MinimumScanDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>How many of <paramref name="orphans"/> one of <paramref name="replicas"/> live replicas takes in one scan.</summary>
    internal static int ShareOf(int orphans, int replicas) =>
        orphans <= TakeAllUpTo ? orphans : Math.Max(TakeAllUpTo, (orphans + replicas - 1) / Math.Max(1, replicas));

    /// <summary>Lets go of every lease this replica holds and nudges their sessions, so the other replicas take them now.</summary>
    public async Task ReleaseAllAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var released = await scope.ServiceProvider.GetRequiredService<SessionLeases>().ReleaseAllAsync(cancellationToken);
        foreach (var id in released)
        {
            await nudges.PublishAsync(id, cancellationToken);
        }

        Log.Released(logger, released.Count);
    }

    private async Task ScanUntilStoppedAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.LeaseScanInterval;
        var delay = interval;
        try
        {
            while (true)
            {
                await Task.Delay(delay, clock, cancellationToken);
                delay = interval;
                try
                {
                    delay = NextScanDelay(clock.GetUtcNow(), await ScanAsync(cancellationToken), interval);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The store is unreachable or busy: the next scan tries again (leases last several scans).
                    Log.StepFailed(logger, e, nameof(ScanAsync));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var renewed = await scope.ServiceProvider.GetRequiredService<SessionLeases>().RenewAllAsync(cancellationToken);
        LeaseRenewalLog.Report(logger, renewed, clock.GetElapsedTime(started), options.Value.LeaseLength);
    }

    private async Task EveryAsync(TimeSpan interval, Func<CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await step(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The store is unreachable or busy: the next tick tries again (leases last several ticks).
                    Log.StepFailed(logger, e, step.Method.Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Released {Count} session leases for the other replicas")]
        public static partial void Released(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Session lease upkeep ({Step}) failed; retrying at the next tick")]
        public static partial void StepFailed(ILogger logger, Exception exception, string step);

        [LoggerMessage(3, LogLevel.Information, "Took over {Taken} of {Unheld} session leases nobody held ({Replicas} replicas holding leases)")]
        public static partial void TookOver(ILogger logger, int taken, int unheld, int replicas);

    }
}
