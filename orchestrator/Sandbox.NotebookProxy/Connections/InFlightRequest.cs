using Microsoft.AspNetCore.Http;

namespace Sandbox.NotebookProxy.Connections;

/// <summary>
/// One forwarded HTTP exchange (or WebSocket handshake) as the registry sees it. Its cancellation covers the whole
/// upstream exchange: it fires when the caller goes away, when the response-headers timeout elapses, or when
/// <see cref="Close"/> is called, and <see cref="Close"/> also aborts the caller's connection.
/// </summary>
internal sealed class InFlightRequest : IProxiedConnection, IDisposable
{
    private readonly HttpContext _context;
    private readonly CancellationSourcePool _pool;
    private readonly CancellationTokenSource _cancellation;
    private readonly CancellationTokenRegistration _callerGone;
    private readonly object _gate = new();
    private bool _ended;
    private bool _closed;

    public InFlightRequest(HttpContext context, CancellationSourcePool pool)
    {
        _context = context;
        _pool = pool;
        _cancellation = pool.Rent();
        _callerGone = context.RequestAborted.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _cancellation);
    }

    public CancellationToken Token => _cancellation.Token;

    /// <summary>Whether the registry closed it (as opposed to a timeout or the caller leaving).</summary>
    public bool WasClosed => Volatile.Read(ref _closed);

    public bool CallerGone => _context.RequestAborted.IsCancellationRequested;

    /// <summary>Arms (or, with <see cref="Timeout.InfiniteTimeSpan"/>, disarms) the deadline of the current phase.</summary>
    public void CancelAfter(TimeSpan deadline) => _cancellation.CancelAfter(deadline);

    public void Close()
    {
        // Under the gate so a close that races the end of the request can neither cancel a source that went back to the
        // pool nor abort a later request that Kestrel runs on the same, reused HttpContext.
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _closed = true;
            _cancellation.Cancel();
            _context.Abort();
        }
    }

    public void Dispose()
    {
        _callerGone.Dispose();
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
        }

        _pool.Return(_cancellation);
    }
}
