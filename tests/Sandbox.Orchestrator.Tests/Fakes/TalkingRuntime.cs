using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Sandbox.Orchestrator.Tests.Fakes;

/// <summary>A runtime whose sandboxes write output when the test says so (<see cref="Write"/>), as a notebook logs while it starts.</summary>
internal sealed class TalkingRuntime : InMemoryRuntime
{
    private readonly Channel<int> _output = Channel.CreateUnbounded<int>();
    private readonly TaskCompletionSource _following = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<int> _handled = Channel.CreateUnbounded<int>();

    public int Followers;

    /// <summary>How many written chunks a follower has finished handling (it asked for the next one after each).</summary>
    public int Handled;

    /// <summary>Completes when a follower has started to follow the output.</summary>
    public Task Following => _following.Task;

    public void Write(int bytes) => _output.Writer.TryWrite(bytes);

    /// <summary>
    /// Whether followers finish handling <paramref name="count"/> more chunks within <paramref name="within"/> (a deadline
    /// for a broken test only: each chunk handled is signalled).
    /// </summary>
    public async Task<bool> HandledAsync(int count, TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        try
        {
            for (var i = 0; i < count; i++)
            {
                await _handled.Reader.ReadAsync(deadline.Token);
            }

            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }
    }

    public override async IAsyncEnumerable<int> FollowOutputAsync(string sessionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Followers);
        _following.TrySetResult();
        await foreach (var bytes in _output.Reader.ReadAllAsync(cancellationToken))
        {
            yield return bytes;

            // Resumed when the follower asks for the next chunk: it is done with this one (it has signalled it).
            Interlocked.Increment(ref Handled);
            _handled.Writer.TryWrite(bytes);
        }
    }
}
