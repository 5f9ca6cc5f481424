using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Catalog;
using Sandbox.Orchestrator.Datasets;
using Sandbox.Orchestrator.Store;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// The only writer of session state. Level-triggered and keyed by session id: each pass reads the desired state
/// (store) and the observed state (runtime), makes at most the moves needed to converge them, and says when to look
/// again. Running a pass twice changes nothing the second time.
/// </summary>
/// <remarks>
/// A pass works under the session's lease (<see cref="SessionLeases"/>): it takes or renews it first and does nothing to
/// a session another replica holds. Every store write of the pass is fenced: it commits only in one transaction with a
/// check that this replica still holds the lease at the same epoch, so a replica paused past its lease (and taken over)
/// writes nothing when it wakes. Runtime mutations (start, stop) are preceded by the same check; what is left is the
/// moment between that check and the runtime call, and there the runtime's idempotence protects: creating a sandbox
/// that exists adopts it, removing one that is gone is done, so a late call from a replica that lost the lease converges
/// with the new owner's instead of duplicating or undoing it.
/// </remarks>
internal sealed partial class SessionReconciler(
    SandboxDbContext db,
    ISessionRuntime runtime,
    NotebookCatalog catalog,
    NotebookTokens tokens,
    NotebookReadinessProbe readiness,
    NotebookEndpoints endpoints,
    NotebookOutputSignals output,
    TimeProvider clock,
    SessionLeases leases,
    LeasesHeldElsewhere heldElsewhere,
    IOptions<ReconcilerOptions> options,
    ILogger<SessionReconciler> logger,
    Telemetry.SandboxMetrics metrics,
    DatasetImageRestore? datasetImages = null)
{
    private SessionLease _lease;

    private ReconcilerOptions Options => options.Value;

    /// <summary>
    /// One pass over one session, under its lease. Throws <see cref="SessionLeaseLostException"/> when the lease is lost
    /// during the pass (nothing of the pass's write is saved).
    /// </summary>
    public async Task<ReconcileResult> ReconcileAsync(string sessionId, CancellationToken cancellationToken)
    {
        // 1. The lease: another live replica holding it reconciles the session, not this one.
        if (await leases.TryAcquireAsync(sessionId, cancellationToken) is not { } lease)
        {
            Log.HeldElsewhere(logger, sessionId);
            heldElsewhere.Remember(sessionId);
            endpoints.ForgetHere(sessionId); // what this replica saw of it is not kept current here any more
            return ReconcileResult.Done;
        }

        heldElsewhere.Forget(sessionId);

        // 2. The session as it is now that the lease is ours (read after taking it: the previous holder's last write is in).
        _lease = lease;
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null || session.IsTerminal)
        {
            await leases.ReleaseAsync(lease, cancellationToken);
            return ReconcileResult.Done;
        }

        var saved = RuntimeStateJson.Deserialize(session.RuntimeState);
        if (session.StopRequested || session.State == SessionState.Stopping)
        {
            return await StopAsync(session, saved, cancellationToken);
        }

        return session.State switch
        {
            SessionState.Pending => await BeginAsync(session, cancellationToken),
            SessionState.Provisioning => await ProvisionAsync(session, saved, cancellationToken),
            SessionState.Running => await WatchAsync(session, saved, cancellationToken),
            _ => ReconcileResult.Done,
        };
    }

    private async Task<ReconcileResult> BeginAsync(Session session, CancellationToken cancellationToken)
    {
        session.BeginProvisioning(clock.GetUtcNow());
        await SaveAsync(session, cancellationToken);
        return await ProvisionAsync(session, null, cancellationToken);
    }

    private async Task<ReconcileResult> ProvisionAsync(Session session, RuntimeState? saved, CancellationToken cancellationToken)
    {
        // 1. Give up on a start that took too long.
        var now = clock.GetUtcNow();
        if (now - (session.ProvisioningAt ?? session.CreatedAt) > Options.StartTimeout)
        {
            return await FailAsync(session, saved, "start_timeout",
                $"The notebook did not answer within {Options.StartTimeout.TotalSeconds:0} seconds.", cancellationToken);
        }

        // 2. While the notebook starts, probe it where the runtime last saw it; ask the runtime again only now and then.
        if (endpoints.TryGet(session.Id, out var known) && now - known.SeenAt < Options.RuntimeRecheckInterval)
        {
            return await ProbeAsync(session, known.Address, now, cancellationToken);
        }

        // 3. Create the sandbox if the runtime has none, or finish a start that was cut short (first pass, or after an
        //    orchestrator crash between create and start): starting is idempotent and adopts what exists.
        var observed = await runtime.ObserveAsync(session.Id, saved, cancellationToken);
        if (observed.Phase is RuntimePhase.Absent or RuntimePhase.Created)
        {
            return await StartSandboxAsync(session, cancellationToken);
        }

        if (observed.State is { } state && saved is null)
        {
            session.SaveRuntimeState(RuntimeStateJson.Serialize(state));
        }

        // 4. Accepted but held up (capacity, an image being pulled): say why, in the runtime's words, and look again soon;
        //    the start timeout still bounds the wait.
        if (observed.Phase == RuntimePhase.Pending)
        {
            session.ReportProgress(session.Progress, observed.Condition ?? "Waiting for the runtime to run the notebook");
            await SaveAsync(session, cancellationToken);
            return ReconcileResult.After(Options.RuntimeRecheckInterval);
        }

        // 5. A sandbox that died while starting fails the session.
        if (observed.Phase == RuntimePhase.Exited)
        {
            return await FailAsync(session, observed.State ?? saved, ExitFailureReasons.Of(observed.ExitReason, "start_failed"),
                $"The notebook server exited while starting: {ExitDescriptions.Describe(observed.ExitReason)}.", cancellationToken);
        }

        if (observed.Endpoint is { } endpoint)
        {
            endpoints.Remember(session.Id, new NotebookEndpoint(endpoint, session.OwnerId, tokens.Unprotect(session.ProtectedToken), now, Ready: false));
            return await ProbeAsync(session, endpoint, now, cancellationToken);
        }

        return ReconcileResult.After(Options.ReadinessPollInterval);
    }

    /// <summary>
    /// Ready once the notebook answers. A pass probes several times before it records progress and yields: right after
    /// the notebook writes output (it announces where it listens once it does), else <see cref="ReconcilerOptions.ReadinessPollInterval"/>
    /// apart, in real time. Starting notebooks are probed promptly without re-reading the store each time.
    /// </summary>
    private async Task<ReconcileResult> ProbeAsync(Session session, Uri endpoint, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var token = tokens.Unprotect(session.ProtectedToken);
        output.Watch(session.Id);
        for (var probe = 0; probe < Options.ReadinessProbesPerPass; probe++)
        {
            if (probe > 0)
            {
                await output.WaitAsync(session.Id, Options.ReadinessPollInterval, cancellationToken);
            }

            if (await readiness.IsReadyAsync(endpoint, session.Id, token, cancellationToken))
            {
                output.Forget(session.Id);
                session.MarkReady(clock.GetUtcNow());
                await SaveAsync(session, cancellationToken);
                endpoints.Remember(session.Id, new NotebookEndpoint(endpoint, session.OwnerId, token, session.ReadyAt!.Value, Ready: true));
                Log.Ready(logger, session.Id, (session.ReadyAt!.Value - session.CreatedAt).TotalMilliseconds);
                metrics.LaunchEnded(session.Profile, session.SizeId, "running", null, session.ReadyAt!.Value - session.CreatedAt);
                return ReconcileResult.After(Options.ResyncInterval);
            }
        }

        var waited = now - (session.ProvisioningAt ?? now);
        var percent = 70 + (int)Math.Min(25, waited.TotalSeconds * 5);
        session.ReportProgress(percent, "Starting Jupyter");
        await SaveAsync(session, cancellationToken);

        // The probes paced this pass; the next one goes on at once.
        return ReconcileResult.Now;
    }

    private async Task<ReconcileResult> StartSandboxAsync(Session session, CancellationToken cancellationToken)
    {
        var profile = catalog.FindProfile(session.Profile);
        if (profile is null)
        {
            return await FailAsync(session, null, "profile_removed", $"The profile {session.Profile} is no longer configured.", cancellationToken);
        }

        var pids = catalog.FindSize(session.SizeId)?.Pids ?? 1024;
        var spec = SessionSpecFactory.Create(session, profile, pids, tokens.Unprotect(session.ProtectedToken), datasetImages?.Credentials);

        // Each step the runtime reports (preparing datasets, creating the sandbox, ...) is stored as it happens, so
        // people watching (the hub follows the store) see the start progress. Only the saver touches the store until
        // the start returns.
        // The lease is checked right before, while the store is still this pass's alone (the saver shares its context).
        await leases.EnsureHeldAsync(_lease, cancellationToken);
        var steps = Channel.CreateUnbounded<RuntimeProgress>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
        var saving = SaveProgressAsync(session, steps.Reader, cancellationToken);
        RuntimeException? failure = null;
        RuntimeState? started = null;
        try
        {
            // A data image the runtime lost comes back from its layout first, where that is how images get there.
            if (datasetImages is not null)
            {
                spec = spec with { Datasets = await datasetImages.RestoreMissingAsync(spec.Datasets, new Progress(steps.Writer), cancellationToken) };
            }

            started = await runtime.StartAsync(spec, new Progress(steps.Writer), cancellationToken);
        }
        catch (RuntimeException e)
        {
            failure = e;
        }
        finally
        {
            steps.Writer.TryComplete();
            await saving;
        }

        if (failure is not null)
        {
            return await FailAsync(session, null, failure.Reason, failure.Message, cancellationToken);
        }

        session.SaveRuntimeState(RuntimeStateJson.Serialize(started!));
        session.ReportProgress(65, "Starting Jupyter");
        await SaveAsync(session, cancellationToken);
        return ReconcileResult.After(Options.ReadinessPollInterval);
    }

    private async Task<ReconcileResult> WatchAsync(Session session, RuntimeState? saved, CancellationToken cancellationToken)
    {
        var observed = await runtime.ObserveAsync(session.Id, saved, cancellationToken);
        switch (observed.Phase)
        {
            case RuntimePhase.Running:
                if (observed.Endpoint is { } endpoint)
                {
                    endpoints.Remember(session.Id, new NotebookEndpoint(endpoint, session.OwnerId, tokens.Unprotect(session.ProtectedToken), clock.GetUtcNow(), Ready: true));
                }

                session.RecordSeen(clock.GetUtcNow());
                await SaveAsync(session, cancellationToken);
                return ReconcileResult.After(Options.ResyncInterval);
            case RuntimePhase.Absent:
                return await FailAsync(session, saved, "sandbox_vanished", "The notebook's sandbox disappeared.", cancellationToken);
            default:
                return await FailAsync(session, observed.State ?? saved, ExitFailureReasons.Of(observed.ExitReason, "sandbox_exited"),
                    $"The notebook server stopped: {ExitDescriptions.Describe(observed.ExitReason)}.", cancellationToken);
        }
    }

    private async Task<ReconcileResult> StopAsync(Session session, RuntimeState? saved, CancellationToken cancellationToken)
    {
        if (session.State != SessionState.Stopping)
        {
            session.BeginStopping(clock.GetUtcNow());
            await SaveAsync(session, cancellationToken);
        }

        endpoints.Forget(session.Id);
        output.Forget(session.Id);
        await leases.EnsureHeldAsync(_lease, cancellationToken);
        await runtime.StopAsync(session.Id, saved, cancellationToken);
        session.MarkStopped(clock.GetUtcNow());
        await SaveAsync(session, cancellationToken);
        Log.Stopped(logger, session.Id, session.Reason ?? "requested");
        return ReconcileResult.Done;
    }

    private async Task<ReconcileResult> FailAsync(Session session, RuntimeState? saved, string reason, string message, CancellationToken cancellationToken)
    {
        // Record the failure first: if removing the sandbox fails, the start-up sweep removes it later. The fenced save
        // that records it is the lease check before the removal (and releases the lease: the session has ended).
        session.Fail(reason, message, clock.GetUtcNow());
        await SaveAsync(session, cancellationToken);
        if (session.ReadyAt is null)
        {
            metrics.LaunchEnded(session.Profile, session.SizeId, "failed", reason, session.EndedAt!.Value - session.CreatedAt);
        }

        endpoints.Forget(session.Id);
        output.Forget(session.Id);
        Log.Failed(logger, session.Id, reason, message);
        await runtime.StopAsync(session.Id, saved, cancellationToken);
        return ReconcileResult.Done;
    }

    /// <summary>Saves the pass's changes if this replica still holds the lease; lets it go once the session has ended.</summary>
    private Task SaveAsync(Session session, CancellationToken cancellationToken) =>
        leases.SaveFencedAsync(_lease, release: session.IsTerminal, cancellationToken);

    private async Task SaveProgressAsync(Session session, ChannelReader<RuntimeProgress> steps, CancellationToken cancellationToken)
    {
        await foreach (var step in steps.ReadAllAsync(cancellationToken))
        {
            session.ReportProgress(step.Percent, step.Message);
            await SaveAsync(session, cancellationToken);
        }
    }

    /// <summary>Queues progress in order (Progress&lt;T&gt; would post to the thread pool and reorder).</summary>
    private sealed class Progress(ChannelWriter<RuntimeProgress> steps) : IProgress<RuntimeProgress>
    {
        public void Report(RuntimeProgress value) => steps.TryWrite(value);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Session {SessionId} ready after {Milliseconds} ms")]
        public static partial void Ready(ILogger logger, string sessionId, double milliseconds);

        [LoggerMessage(2, LogLevel.Information, "Session {SessionId} stopped ({Reason})")]
        public static partial void Stopped(ILogger logger, string sessionId, string reason);

        [LoggerMessage(3, LogLevel.Warning, "Session {SessionId} failed: {Reason}: {Message}")]
        public static partial void Failed(ILogger logger, string sessionId, string reason, string message);

        [LoggerMessage(4, LogLevel.Debug, "Session {SessionId} is held by another replica: left to it")]
        public static partial void HeldElsewhere(ILogger logger, string sessionId);
    }
}
