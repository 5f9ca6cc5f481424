using System.Buffers;
using System.IO.Pipelines;

namespace Sandbox.NotebookProxy.Http;

/// <summary>
/// Streams a notebook's response body to the caller. Data is flushed whenever the notebook pauses (so headers and a small
/// body leave in one write, and a long poll or a trickling download is not held back) and at least every
/// <see cref="FlushThreshold"/> bytes, which also lets the caller's pipe push back on a fast notebook: memory stays at a
/// few pipe segments however large the body is.
/// </summary>
internal static class ResponseBodyCopier
{
    private const int BufferSize = 64 * 1024;
    private const int FlushThreshold = 64 * 1024;

    /// <summary>Copies until the notebook's body ends. Throws <see cref="ResponseCopyException"/> naming the side that failed.</summary>
    public static async Task CopyAsync(Stream source, PipeWriter destination, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var readPending = false;
        try
        {
            // Status and headers are still to be sent, so the first pause of the notebook flushes even an empty body.
            var unsent = true;
            var unflushed = 0;
            while (true)
            {
                int read;
                try
                {
                    var pending = source.ReadAsync(buffer, cancellationToken);
                    if (!pending.IsCompleted && unsent)
                    {
                        readPending = true;
                        await FlushAsync(destination, cancellationToken).ConfigureAwait(false);
                        unsent = false;
                        unflushed = 0;
                    }

                    read = await pending.ConfigureAwait(false);
                    readPending = false;
                }
                catch (Exception e) when (e is not ResponseCopyException)
                {
                    readPending = false;
                    throw new ResponseCopyException(upstreamFailed: true, e);
                }

                if (read == 0)
                {
                    // Flushed here rather than left to the server's end of response, which was seen holding the tail
                    // of a large body back until the connection's keep-alive timeout.
                    if (unsent)
                    {
                        await FlushAsync(destination, cancellationToken).ConfigureAwait(false);
                    }

                    return;
                }

                destination.Write(buffer.AsSpan(0, read));
                unsent = true;
                unflushed += read;
                if (unflushed >= FlushThreshold)
                {
                    await FlushAsync(destination, cancellationToken).ConfigureAwait(false);
                    unsent = false;
                    unflushed = 0;
                }
            }
        }
        finally
        {
            // A read still running after a failed flush may yet write into the buffer: leave that one to the GC.
            if (!readPending)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Makes sure the response has started (status and headers sent) even when the body is empty so far.</summary>
    public static async Task FlushAsync(PipeWriter destination, CancellationToken cancellationToken)
    {
        FlushResult flushed;
        try
        {
            flushed = await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw new ResponseCopyException(upstreamFailed: false, e);
        }

        if (flushed.IsCanceled || flushed.IsCompleted)
        {
            throw new ResponseCopyException(upstreamFailed: false, null);
        }
    }
}
