using System.Net;
using System.Net.Http.Headers;

namespace Sandbox.Runtime.Docker.Engine;

/// <summary>
/// A build context sent as it is read, chunked. Unlike <see cref="StreamContent"/> it leaves the caller's
/// stream open: the caller owns it.
/// </summary>
internal sealed class TarStreamContent : HttpContent
{
    private readonly Stream _source;

    public TarStreamContent(Stream source)
    {
        _source = source;
        Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        _source.CopyToAsync(stream);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _source.CopyToAsync(stream, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
