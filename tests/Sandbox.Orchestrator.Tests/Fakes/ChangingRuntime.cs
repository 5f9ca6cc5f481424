using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Fakes;

/// <summary>
/// A runtime whose change stream the test drives: <see cref="Report"/> sends a change; <see cref="Drop"/> makes the open
/// stream fail, as an engine connection that drops. Counts how often the stream was opened.
/// </summary>
internal sealed class ChangingRuntime : InMemoryRuntime, ISessionRuntime
{
    private readonly Lock _gate = new();
    private Channel<RuntimeChange> _changes = Channel.CreateUnbounded<RuntimeChange>();
    private TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Opens { get; private set; }

    /// <summary>Completes when the stream has been opened <paramref name="times"/> times in all.</summary>
    public async Task WaitUntilOpenedAsync(int times, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task opened;
            lock (_gate)
            {
                if (Opens >= times)
                {
                    return;
                }

                opened = _opened.Task;
            }

            await opened.WaitAsync(cancellationToken);
        }
    }

    public void Report(string sessionId, string what) => _changes.Writer.TryWrite(new RuntimeChange(sessionId, what));

    public void Drop()
    {
        lock (_gate)
        {
            _changes.Writer.TryComplete(new IOException("the engine hung up"));
            _changes = Channel.CreateUnbounded<RuntimeChange>();
        }
    }

    public async IAsyncEnumerable<RuntimeChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ChannelReader<RuntimeChange> reader;
        lock (_gate)
        {
            reader = _changes.Reader;
            Opens++;
            _opened.TrySetResult();
            _opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        await foreach (var change in reader.ReadAllAsync(cancellationToken))
        {
            yield return change;
        }
    }
}
