using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;

namespace Sandbox.Testing.Browser;

/// <summary>
/// One WebSocket to the browser's DevTools endpoint, speaking the Chrome DevTools Protocol: commands carry ids and
/// each awaits the response with its id; events go to whoever subscribed to them. Pages are reached over this same
/// socket through flattened sessions (<c>sessionId</c> on each message), so one connection serves the whole browser.
/// This is the narrowest client the tests need: Playwright and its kin are not served on these machines' registries.
/// </summary>
public sealed class CdpConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<long, PendingCommand> _pending = new();
    private readonly ConcurrentDictionary<long, EventSubscription> _subscriptions = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiveLoop;
    private long _nextId;
    private long _nextSubscriptionId;
    private Exception? _closedBecause;

    private CdpConnection(ClientWebSocket socket)
    {
        _socket = socket;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public static async Task<CdpConnection> ConnectAsync(Uri webSocketUrl, TimeSpan timeout)
    {
        var socket = new ClientWebSocket();
        // CDP messages (cookies, evaluated values) can be large; the browser's own limit is far above this.
        socket.Options.SetBuffer(64 * 1024, 64 * 1024);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(webSocketUrl, deadline.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            socket.Dispose();
            throw new CdpException($"Could not open the DevTools WebSocket {webSocketUrl} within {timeout.TotalSeconds:0}s: {e.Message}", e);
        }

        return new CdpConnection(socket);
    }

    /// <summary>Sends a command (to the browser when <paramref name="sessionId"/> is null, else to that attached target) and returns its <c>result</c>.</summary>
    /// <exception cref="CdpException">The browser answered with an error, or the connection closed first.</exception>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    public async Task<JsonElement> SendAsync(string method, object? parameters, string? sessionId, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pending = new PendingCommand(method, new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously));
        _pending[id] = pending;
        try
        {
            if (_closedBecause is not null)
            {
                throw Closed(method);
            }

            var message = Serialize(id, method, parameters, sessionId);
            await _sendLock.WaitAsync();
            try
            {
                await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _closing.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                throw new CdpException($"DevTools command {method} could not be sent: {e.Message}", e);
            }
            finally
            {
                _sendLock.Release();
            }

            try
            {
                return await pending.Result.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"DevTools command {method} got no answer within {timeout.TotalSeconds:0}s.");
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Calls <paramref name="handler"/> with the <c>params</c> of every event <paramref name="method"/> from that session until disposed.</summary>
    /// <remarks>Handlers run on the receiving loop: keep them short and never block in them.</remarks>
    public IDisposable Subscribe(string? sessionId, string method, Action<JsonElement> handler)
    {
        var id = Interlocked.Increment(ref _nextSubscriptionId);
        _subscriptions[id] = new EventSubscription(sessionId, method, handler);
        return new Unsubscriber(() => _subscriptions.TryRemove(id, out _));
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", quick.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The browser is going away anyway.
            }
        }

        _socket.Abort();
        await _receiveLoop;
        _socket.Dispose();
        _closing.Dispose();
        _sendLock.Dispose();
    }

    private static byte[] Serialize(long id, string method, object? parameters, string? sessionId)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", id);
            writer.WriteString("method", method);
            writer.WritePropertyName("params");
            if (parameters is null)
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                JsonSerializer.Serialize(writer, parameters, parameters.GetType());
            }

            if (sessionId is not null)
            {
                writer.WriteString("sessionId", sessionId);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private async Task ReceiveLoopAsync()
    {
        var message = new ArrayBufferWriter<byte>(64 * 1024);
        try
        {
            while (true)
            {
                message.ResetWrittenCount();
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await _socket.ReceiveAsync(message.GetMemory(16 * 1024), _closing.Token);
                    message.Advance(received.Count);
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    Close(new CdpException($"The browser closed the DevTools connection ({_socket.CloseStatus} {_socket.CloseStatusDescription})."));
                    return;
                }

                Dispatch(message.WrittenMemory);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            Close(new CdpException($"The DevTools connection ended: {e.Message}", e));
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        var root = document.RootElement;
        if (root.TryGetProperty("id", out var idElement))
        {
            if (_pending.TryGetValue(idElement.GetInt64(), out var pending))
            {
                if (root.TryGetProperty("error", out var error))
                {
                    var text = error.GetProperty("message").GetString() ?? "(no message)";
                    if (error.TryGetProperty("data", out var data))
                    {
                        text += $" ({data})";
                    }

                    pending.Result.TrySetException(new CdpException(pending.Method, error.GetProperty("code").GetInt32(), text));
                }
                else
                {
                    pending.Result.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
                }
            }

            return;
        }

        if (!root.TryGetProperty("method", out var methodElement))
        {
            return;
        }

        var method = methodElement.GetString();
        var sessionId = root.TryGetProperty("sessionId", out var sessionElement) ? sessionElement.GetString() : null;
        JsonElement? parameters = null;
        foreach (var subscription in _subscriptions.Values)
        {
            if (subscription.Method == method && subscription.SessionId == sessionId)
            {
                parameters ??= root.TryGetProperty("params", out var p) ? p.Clone() : default;
                subscription.Handler(parameters.Value);
            }
        }
    }

    private void Close(Exception reason)
    {
        Interlocked.CompareExchange(ref _closedBecause, reason, null);
        foreach (var pending in _pending.Values)
        {
            pending.Result.TrySetException(Closed(pending.Method));
        }
    }

    private CdpException Closed(string method) =>
        new($"DevTools command {method} cannot complete: {_closedBecause?.Message}", _closedBecause!);

    private sealed record PendingCommand(string Method, TaskCompletionSource<JsonElement> Result);

    private sealed record EventSubscription(string? SessionId, string Method, Action<JsonElement> Handler);

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }
}
