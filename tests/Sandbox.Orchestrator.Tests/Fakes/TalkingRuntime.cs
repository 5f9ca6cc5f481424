using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Sandbox.Orchestrator.Tests.Fakes;

/// <summary>A runtime whose sandboxes write output when the test says so (<see cref="Write"/>), as a notebook logs while it starts.</summary>
internal sealed class TalkingRuntime : InMemoryRuntime
{
    private readonly Channel<int> _output = Channel.CreateUnbounded<int>();

    public int Followers;

    /// <summary>How many written chunks a follower has finished handling (it asked for the next one after each).</summary>
    public int Handled;

    public void Write(int bytes) => _output.Writer.TryWrite(bytes);

    public override async IAsyncEnumerable<int> FollowOutputAsync(string sessionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Followers);
        await foreach (var bytes in _output.Reader.ReadAllAsync(cancellationToken))
        {
            yield return bytes;

            // Resumed when the follower asks for the next chunk: it is done with this one.
            Interlocked.Increment(ref Handled);
        }
    }
}
