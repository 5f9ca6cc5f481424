using Microsoft.AspNetCore.Http;

namespace Sandbox.NotebookProxy.Connections;

/// <summary>
/// One forwarded request (plain HTTP, or a WebSocket from handshake to its end), as the registry and the transformer see
/// it: whose token it carries, how to cut it, and, for a WebSocket, the deadline of the notebook's handshake answer (the
/// forwarder's activity timeout is the socket's idle timeout there, far longer). Closing aborts the caller's connection,
/// which the forwarder sees as the request being aborted, and stops both directions.
/// </summary>
internal sealed class ForwardedExchange : IProxiedConnection, IDisposable
{
    private readonly HttpContext _context;
    private readonly CancellationTokenSource? _handshakeDeadline;
    private readonly object _gate = new();
    private bool _ended;
    private bool _closed;
    private bool _headersArrived;

    public ForwardedExchange(HttpContext context, string token, bool isWebSocket, TimeSpan handshakeTimeout)
    {
        _context = context;
        Token = token;
        IsWebSocket = isWebSocket;
        _handshakeDeadline = isWebSocket ? new CancellationTokenSource(handshakeTimeout) : null;
    }

    /// <summary>The notebook's token, for the upstream request's Authorization header.</summary>
    public string Token { get; }

    public bool IsWebSocket { get; }

    /// <summary>Cancelled when a WebSocket handshake's answer is late; never for plain HTTP.</summary>
    public CancellationToken HandshakeToken => _handshakeDeadline?.Token ?? CancellationToken.None;

    /// <summary>Whether the notebook did not answer the handshake in time (as opposed to the caller leaving).</summary>
    public bool HandshakeTimedOut => _handshakeDeadline is { IsCancellationRequested: true } && !Volatile.Read(ref _headersArrived);

    /// <summary>Whether the registry closed it (as opposed to a timeout or the caller leaving).</summary>
    public bool WasClosed => Volatile.Read(ref _closed);

    /// <summary>The notebook answered: the handshake deadline no longer applies.</summary>
    public void HeadersArrived()
    {
        Volatile.Write(ref _headersArrived, true);
        _handshakeDeadline?.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    public void Close()
    {
        // Under the gate so a close racing the end of the request cannot abort a later request that Kestrel runs on the
        // same, reused HttpContext.
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _closed = true;
            _context.Abort();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _ended = true;
        }

        _handshakeDeadline?.Dispose();
    }
}
