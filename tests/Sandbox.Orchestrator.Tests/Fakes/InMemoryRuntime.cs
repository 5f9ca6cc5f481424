using System.Collections.Concurrent;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Fakes;

/// <summary>A runtime whose sandboxes start at once and run until stopped; records every call.</summary>
internal class InMemoryRuntime : ISessionRuntime
{
    private readonly ConcurrentDictionary<string, RuntimeInstance> _instances = new();
    private readonly ConcurrentDictionary<string, string> _exitReasons = new();

    public int Starts;
    public int Stops;
    public List<RuntimeSpec> Specs { get; } = [];

    public IReadOnlyCollection<string> SessionIds => _instances.Keys.ToList();

    public virtual async Task<RuntimeState> StartAsync(RuntimeSpec spec, IProgress<RuntimeProgress> progress, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Starts);
        lock (Specs)
        {
            Specs.Add(spec);
        }

        progress.Report(new RuntimeProgress(40, "Creating the container"));
        await Task.Yield();
        var state = new RuntimeState(new Dictionary<string, string> { ["id"] = "c-" + spec.SessionId });
        _instances[spec.SessionId] = new RuntimeInstance(spec.SessionId, spec.MemberId, RuntimePhase.Running, state);
        return state;
    }

    public virtual Task<RuntimeObservation> ObserveAsync(string sessionId, RuntimeState? saved, CancellationToken cancellationToken) =>
        Task.FromResult(_instances.TryGetValue(sessionId, out var instance)
            ? new RuntimeObservation(instance.Phase, new Uri("http://10.0.0.1:8888"), instance.Phase == RuntimePhase.Exited ? _exitReasons.GetValueOrDefault(sessionId, "exit_code_1") : null, instance.State)
            : RuntimeObservation.Absent);

    /// <summary>These sandboxes write no output: followers wait until they are cancelled.</summary>
    public virtual async IAsyncEnumerable<int> FollowOutputAsync(string sessionId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }

    public Task StopAsync(string sessionId, RuntimeState? saved, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Stops);
        _instances.TryRemove(sessionId, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RuntimeInstance>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RuntimeInstance>>(_instances.Values.ToList());

    /// <summary>"The engine is stopped": while false, <see cref="PingAsync"/> throws as an unreachable runtime does.</summary>
    public bool Reachable { get; set; } = true;

    public Task PingAsync(CancellationToken cancellationToken) =>
        Reachable ? Task.CompletedTask : Task.FromException(new RuntimeUnreachableException("The in-memory runtime is set unreachable."));

    public virtual Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>Puts a sandbox in the runtime as if something else had created it.</summary>
    public void Plant(string sessionId, string memberId, RuntimePhase phase = RuntimePhase.Running) =>
        _instances[sessionId] = new RuntimeInstance(sessionId, memberId, phase, RuntimeState.Empty);

    /// <summary>Makes a sandbox disappear, as if removed behind the orchestrator's back.</summary>
    public void Vanish(string sessionId) => _instances.TryRemove(sessionId, out _);

    /// <summary>Makes a sandbox's process exit, the runtime saying <paramref name="exitReason"/>.</summary>
    public void Crash(string sessionId, string exitReason = "exit_code_1")
    {
        _exitReasons[sessionId] = exitReason;
        _instances[sessionId] = _instances[sessionId] with { Phase = RuntimePhase.Exited };
    }
}
