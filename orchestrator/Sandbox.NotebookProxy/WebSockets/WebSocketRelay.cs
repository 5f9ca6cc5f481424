using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Sandbox.NotebookProxy.Connections;

namespace Sandbox.NotebookProxy.WebSockets;

/// <summary>
/// Relays messages between the caller's WebSocket and the notebook's, both ways, as they come: text and binary, message
/// boundaries kept through EndOfMessage, close status and description passed on to the other side. It ends when both
/// sides have closed, when one side fails (the other is then told with 1001), when no message passed for the idle
/// timeout (1001 both ways), or when the registry closes it (1008 to the caller). A side that does not answer a close
/// within the close timeout is cut.
/// </summary>
internal sealed partial class WebSocketRelay : IProxiedConnection, IDisposable
{
    private const int BufferSize = 16 * 1024;

    private readonly WebSocket _client;
    private readonly WebSocket _upstream;
    private readonly TimeSpan _closeTimeout;
    private readonly long _idleTimeoutMs;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private readonly object _gate = new();
    private long _lastMessageAt = Environment.TickCount64;
    private bool _terminating;
    private bool _finished;

    public WebSocketRelay(WebSocket client, WebSocket upstream, TimeSpan idleTimeout, TimeSpan closeTimeout, ILogger logger)
    {
        _client = client;
        _upstream = upstream;
        _closeTimeout = closeTimeout;
        _idleTimeoutMs = idleTimeout == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)idleTimeout.TotalMilliseconds;
        _logger = logger;
    }

    public async Task RunAsync()
    {
        using var idleCheck = _idleTimeoutMs == long.MaxValue ? null : StartIdleCheck();
        try
        {
            // 1. Pump both directions until one of them ends.
            var toUpstream = PumpAsync(_client, _upstream, "caller");
            var toClient = PumpAsync(_upstream, _client, "notebook");
            var first = await Task.WhenAny(toUpstream, toClient).ConfigureAwait(false);
            var other = first == toUpstream ? toClient : toUpstream;

            // 2. A failed side cannot close: tell the healthy one. A closed side's close was passed on: wait for the answer.
            if (!await first.ConfigureAwait(false))
            {
                Terminate(WebSocketCloseStatus.EndpointUnavailable, first == toUpstream ? "caller went away" : "notebook went away");
            }

            // 3. The other side gets the close timeout to answer; after that its connection is cut.
            try
            {
                await other.WaitAsync(_closeTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                CancelQuietly();
                await other.ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_gate)
            {
                _finished = true;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _finished = true;
        }

        _abort.Dispose();
    }

    /// <summary>The registry's close: the caller lost access to this session.</summary>
    public void Close() => Terminate(WebSocketCloseStatus.PolicyViolation, "access revoked");

    private async Task<bool> PumpAsync(WebSocket source, WebSocket destination, string sourceName)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var received = await source.ReceiveAsync(buffer.AsMemory(), _abort.Token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    if (destination.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await destination.CloseOutputAsync(
                            source.CloseStatus ?? WebSocketCloseStatus.Empty,
                            source.CloseStatus is null or WebSocketCloseStatus.Empty ? null : source.CloseStatusDescription,
                            _abort.Token).ConfigureAwait(false);
                    }

                    return true;
                }

                Volatile.Write(ref _lastMessageAt, Environment.TickCount64);
                await destination.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, _abort.Token)
                    .ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            Log.PumpEnded(_logger, sourceName, e.Message);
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends a close frame to both sides (each answers, or is cut after the close timeout).</summary>
    private void Terminate(WebSocketCloseStatus status, string description)
    {
        lock (_gate)
        {
            if (_finished || _terminating)
            {
                return;
            }

            _terminating = true;
            _abort.CancelAfter(_closeTimeout);
        }

        _ = CloseQuietlyAsync(_client, status, description);
        _ = CloseQuietlyAsync(_upstream, status == WebSocketCloseStatus.PolicyViolation ? WebSocketCloseStatus.NormalClosure : status, description);
    }

    private async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string description)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, description, CancellationToken.None).WaitAsync(_closeTimeout).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException or TimeoutException)
        {
            // The side is already gone; the relay's abort covers it.
        }
    }

    private void CancelQuietly()
    {
        lock (_gate)
        {
            if (!_finished)
            {
                _abort.Cancel();
            }
        }
    }

    private ITimer StartIdleCheck()
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_idleTimeoutMs / 4, 50, 60_000));
        return TimeProvider.System.CreateTimer(
            static state =>
            {
                var relay = (WebSocketRelay)state!;
                if (Environment.TickCount64 - Volatile.Read(ref relay._lastMessageAt) >= relay._idleTimeoutMs)
                {
                    relay.Terminate(WebSocketCloseStatus.EndpointUnavailable, "idle timeout");
                }
            },
            this,
            period,
            period);
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Debug, "WebSocket relay: the {Side} side ended without a close handshake: {Reason}")]
        public static partial void PumpEnded(ILogger logger, string side, string reason);
    }
}
