using System.Collections.Concurrent;
using Sandbox.Orchestrator.Live;

namespace Sandbox.Orchestrator.Tests.Live;

/// <summary>Records what each connection was sent, in order, instead of sending it.</summary>
internal sealed class RecordingSender : ILiveSender
{
    /// <summary>How long a wait for messages may take: only a broken test or product reaches it.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>The method of <see cref="FlushedAsync"/>'s markers, which are not recorded.</summary>
    private const string Marker = "test.flushed";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<LiveMessage>> _sent = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _sentSomething = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task SendAsync(string connectionId, LiveMessage message, CancellationToken cancellationToken)
    {
        if (message is { Method: Marker, Argument: TaskCompletionSource marker })
        {
            marker.TrySetResult();
            return Task.CompletedTask;
        }

        _sent.GetOrAdd(connectionId, _ => new()).Enqueue(message);
        TaskCompletionSource sent;
        lock (_gate)
        {
            sent = _sentSomething;
            _sentSomething = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        sent.TrySetResult();
        return Task.CompletedTask;
    }

    public IReadOnlyList<LiveMessage> SentTo(string connectionId) => _sent.TryGetValue(connectionId, out var q) ? [.. q] : [];

    /// <summary>
    /// Waits until <paramref name="connectionId"/> was sent <paramref name="count"/> messages: each send is the signal
    /// to look again (the deadline only bounds a broken test). Returns what it was sent, for the caller to assert on.
    /// </summary>
    public async Task<IReadOnlyList<LiveMessage>> WaitForAsync(string connectionId, int count)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            Task next;
            lock (_gate)
            {
                next = _sentSomething.Task;
            }

            var sent = SentTo(connectionId);
            if (sent.Count >= count || deadline.IsCancellationRequested)
            {
                return sent;
            }

            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                // Looked at once more above, then returned.
            }
        }
    }

    /// <summary>
    /// Everything <paramref name="connection"/> was sent once its outbox has been pumped through: a marker queued now
    /// behind whatever it holds is sent after all of it, so "nothing was sent" is an answer, not a guess after a sleep.
    /// </summary>
    public async Task<IReadOnlyList<LiveMessage>> FlushedAsync(LiveConnection connection)
    {
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Deliver(new LiveMessage(Marker, marker));
        await marker.Task.WaitAsync(Deadline);
        return SentTo(connection.ConnectionId);
    }
}
