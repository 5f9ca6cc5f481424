using System.IO.Pipelines;
using System.Net;

namespace Sandbox.NotebookProxy.Http;

/// <summary>
/// The caller's request body as upstream content, read from the caller's connection as the notebook's connection takes
/// it: nothing is buffered beyond the pipes' own segments, and each read is flushed so a slow upload arrives as it is sent.
/// A failure to read the caller's body is kept, so the forwarder can tell "caller's fault" from "notebook's fault".
/// </summary>
internal sealed class StreamingRequestBody : HttpContent
{
    private readonly PipeReader _source;
    private bool _started;

    public StreamingRequestBody(PipeReader source)
    {
        _source = source;
    }

    /// <summary>Why reading the caller's body failed, if it did (for example Kestrel's 413 for a body over the limit).</summary>
    public Exception? ReadFailure { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // The caller's body can be read once; a second attempt (a retry on another pooled connection) would send its tail.
        if (_started)
        {
            throw new InvalidOperationException("The request body was already sent and cannot be sent again.");
        }

        _started = true;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _source.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ReadFailure = e;
                throw;
            }

            var buffer = result.Buffer;
            foreach (var segment in buffer)
            {
                await stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
            }

            _source.AdvanceTo(buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }

            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        // Unknown here; a Content-Length the caller sent is copied onto this content's headers and used as is.
        length = 0;
        return false;
    }
}
