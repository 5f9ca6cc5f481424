using System.Collections.Concurrent;
using Sandbox.Orchestrator.Live;

namespace Sandbox.Orchestrator.Tests.Live;

/// <summary>Records what each connection was sent, in order, instead of sending it.</summary>
internal sealed class RecordingSender : ILiveSender
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<LiveMessage>> _sent = new();

    public Task SendAsync(string connectionId, LiveMessage message, CancellationToken cancellationToken)
    {
        _sent.GetOrAdd(connectionId, _ => new()).Enqueue(message);
        return Task.CompletedTask;
    }

    public IReadOnlyList<LiveMessage> SentTo(string connectionId) => _sent.TryGetValue(connectionId, out var q) ? [.. q] : [];

    /// <summary>Waits until <paramref name="connectionId"/> was sent <paramref name="count"/> messages (or a second passed).</summary>
    public async Task<IReadOnlyList<LiveMessage>> WaitForAsync(string connectionId, int count)
    {
        for (var i = 0; i < 200 && SentTo(connectionId).Count < count; i++)
        {
            await Task.Delay(5);
        }

        return SentTo(connectionId);
    }
}
