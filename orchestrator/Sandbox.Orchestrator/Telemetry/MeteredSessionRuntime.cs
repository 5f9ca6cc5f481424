using System.Diagnostics;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Telemetry;

/// <summary>
/// The runtime adapter as the orchestrator sees it, with each call timed (<c>sandbox.runtime.call.duration</c>, by
/// operation and outcome) and traced (a span of <see cref="ActivitySourceName"/> per call, carrying the session id).
/// Streams (the watch, a notebook's output) pass through untimed: they last as long as they are followed.
/// </summary>
internal sealed class MeteredSessionRuntime(ISessionRuntime inner, SandboxMetrics metrics) : ISessionRuntime
{
    public const string ActivitySourceName = "Sandbox.Runtime";

    private static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>The adapter underneath (tests and diagnostics).</summary>
    public ISessionRuntime Inner => inner;

    public Task<RuntimeState> StartAsync(RuntimeSpec spec, IProgress<RuntimeProgress> progress, CancellationToken cancellationToken) =>
        TimedAsync("start", spec.SessionId, () => inner.StartAsync(spec, progress, cancellationToken));

    public Task<RuntimeObservation> ObserveAsync(string sessionId, RuntimeState? saved, CancellationToken cancellationToken) =>
        TimedAsync("observe", sessionId, () => inner.ObserveAsync(sessionId, saved, cancellationToken));

    public IAsyncEnumerable<int> FollowOutputAsync(string sessionId, CancellationToken cancellationToken) => inner.FollowOutputAsync(sessionId, cancellationToken);

    public Task StopAsync(string sessionId, RuntimeState? saved, CancellationToken cancellationToken) =>
        TimedAsync("stop", sessionId, async () =>
        {
            await inner.StopAsync(sessionId, saved, cancellationToken);
            return true;
        });

    public IAsyncEnumerable<RuntimeChange> WatchAsync(CancellationToken cancellationToken) => inner.WatchAsync(cancellationToken);

    public Task<IReadOnlyList<RuntimeInstance>> ListAsync(CancellationToken cancellationToken) =>
        TimedAsync("list", null, () => inner.ListAsync(cancellationToken));

    public Task PingAsync(CancellationToken cancellationToken) =>
        TimedAsync("ping", null, async () =>
        {
            await inner.PingAsync(cancellationToken);
            return true;
        });

    public Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken) =>
        TimedAsync("image_exists", null, () => inner.ImageExistsAsync(image, cancellationToken));

    private async Task<T> TimedAsync<T>(string operation, string? sessionId, Func<Task<T>> call)
    {
        using var activity = Source.StartActivity($"runtime {operation}", ActivityKind.Client);
        activity?.SetTag("sandbox.session.id", sessionId);
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await call();
        }
        catch (Exception e)
        {
            outcome = OutcomeOf(e);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            activity?.SetTag("error.type", e is RuntimeException runtime ? runtime.Reason : e.GetType().Name);
            throw;
        }
        finally
        {
            metrics.RuntimeCalled(operation, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    private static string OutcomeOf(Exception e) => e switch
    {
        OperationCanceledException => "cancelled",
        RuntimeUnreachableException or HttpRequestException => "unreachable",
        _ => "error",
    };
}
