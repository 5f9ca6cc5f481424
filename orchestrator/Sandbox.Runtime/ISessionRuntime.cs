namespace Sandbox.Runtime;

/// <summary>
/// The runtime port: where session sandboxes run. Shaped like JupyterHub's Spawner (start, poll, stop,
/// progress, saved state) plus a watch, with nothing engine-specific in it. Every operation is idempotent and keyed by
/// session id: starting what exists adopts it, stopping what is gone is done.
/// </summary>
public interface ISessionRuntime
{
    /// <summary>
    /// Creates and starts the sandbox for <paramref name="spec"/>, or adopts the one that already exists for
    /// its session. Returns once the process runs (not once the notebook answers); on failure after create,
    /// removes what it created.
    /// </summary>
    Task<RuntimeState> StartAsync(RuntimeSpec spec, IProgress<RuntimeProgress> progress, CancellationToken cancellationToken);

    /// <summary>Observes the session's sandbox. <paramref name="saved"/> is what <see cref="StartAsync"/> returned, if known.</summary>
    Task<RuntimeObservation> ObserveAsync(string sessionId, RuntimeState? saved, CancellationToken cancellationToken);

    /// <summary>
    /// Yields the size of each piece of output the session's sandbox writes (its notebook server's log), from its start
    /// on, as it is written; ends when the sandbox stops or does not exist. Callers use it as a signal ("something
    /// happened, look now") rather than poll on a timer; the output itself is not interpreted.
    /// </summary>
    IAsyncEnumerable<int> FollowOutputAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Stops and removes the session's sandbox (the member's home stays). Gone already is success.</summary>
    Task StopAsync(string sessionId, RuntimeState? saved, CancellationToken cancellationToken);

    /// <summary>
    /// Yields a <see cref="RuntimeChange"/> whenever one of this installation's sandboxes starts, ends or disappears, from
    /// the call on, until cancelled. An adapter reconnects by itself after the runtime's stream drops, catching up from
    /// where it was when it can; a change can still be missed (or reported twice), which is why callers keep a slow resync
    /// as well. The default yields nothing: a runtime that cannot watch relies on that resync alone.
    /// </summary>
    async IAsyncEnumerable<RuntimeChange> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        yield break;
    }

    /// <summary>
    /// Lists every sandbox carrying Sandbox's labels, whatever its session's state, and what is left of one that has
    /// none (on Kubernetes, a session's token Secret without its pod) as <see cref="RuntimePhase.Absent"/>, so the sweeps
    /// remove it through <see cref="StopAsync"/> once its session is not live.
    /// </summary>
    Task<IReadOnlyList<RuntimeInstance>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Answers once the runtime is reachable (the engine's <c>/_ping</c>, the API server's <c>/version</c>); throws
    /// <see cref="RuntimeUnreachableException"/> when it is not. Cheap enough to call before every launch.
    /// </summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>Whether an image is present where sandboxes run (profiles are offered only when it is).</summary>
    Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken);
}
