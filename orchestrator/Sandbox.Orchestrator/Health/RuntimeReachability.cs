using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Health;

/// <summary>
/// Whether the runtime (the Docker engine, the cluster's API server) can be reached now, asked of the runtime itself
/// (<see cref="ISessionRuntime.PingAsync"/>) at most once every <see cref="TrustedFor"/> however many launches and
/// probes ask, and never waiting longer than <see cref="Timeout"/> for an answer.
/// </summary>
internal sealed partial class RuntimeReachability(ISessionRuntime runtime, TimeProvider clock, ILogger<RuntimeReachability> logger) : IDisposable
{
    /// <summary>How long an answer (either way) is taken as still true.</summary>
    public static readonly TimeSpan TrustedFor = TimeSpan.FromSeconds(2);

    /// <summary>How long a ping may take before the runtime counts as unreachable.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Answer? _last;

    /// <summary>Returns when the runtime answers; throws <see cref="RuntimeUnreachableException"/> when it does not.</summary>
    public async Task EnsureReachableAsync(CancellationToken cancellationToken)
    {
        if (await CheckAsync(cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>Why the runtime cannot be reached, or null when it answers.</summary>
    public async Task<RuntimeUnreachableException?> CheckAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } known)
        {
            return known.Failure;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } answered)
            {
                return answered.Failure; // another caller asked while this one waited
            }

            RuntimeUnreachableException? failure = null;
            using var timeout = new CancellationTokenSource(Timeout, clock);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await runtime.PingAsync(bounded.Token);
            }
            catch (RuntimeUnreachableException e)
            {
                failure = e;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = new RuntimeUnreachableException($"The runtime did not answer within {Timeout.TotalSeconds:0} s.");
            }

            var before = Volatile.Read(ref _last);
            Volatile.Write(ref _last, new Answer(clock.GetUtcNow(), failure));
            if (failure is not null && before?.Failure is null)
            {
                Log.Unreachable(logger, failure.Message);
            }
            else if (failure is null && before?.Failure is not null)
            {
                Log.Reachable(logger);
            }

            return failure;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private Answer? Fresh() => Volatile.Read(ref _last) is { } last && clock.GetUtcNow() - last.At < TrustedFor ? last : null;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The runtime cannot be reached: launches are refused with runtime.unavailable until it answers ({Error})")]
        public static partial void Unreachable(ILogger logger, string error);

        [LoggerMessage(2, LogLevel.Information, "The runtime answers again: launches are accepted")]
        public static partial void Reachable(ILogger logger);
    }

    /// <summary>The runtime's last answer, and when it came.</summary>
    private sealed record Answer(DateTimeOffset At, RuntimeUnreachableException? Failure);
}
