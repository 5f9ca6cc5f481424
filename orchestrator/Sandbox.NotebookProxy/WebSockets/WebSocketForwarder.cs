using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandbox.NotebookProxy.Connections;
using Sandbox.NotebookProxy.Headers;
using Sandbox.NotebookProxy.Http;
using Sandbox.NotebookProxy.Problems;

namespace Sandbox.NotebookProxy.WebSockets;

/// <summary>
/// Forwards a WebSocket: connects to the notebook first and accepts the caller's handshake only once that worked, so every
/// failure before the relay starts is still an ordinary HTTP error the caller can read.
/// </summary>
internal sealed partial class WebSocketForwarder
{
    private readonly UpstreamClient _upstream;
    private readonly UpstreamRequestHeaders _requestHeaders;
    private readonly ConnectionRegistry _connections;
    private readonly CancellationSourcePool _cancellations;
    private readonly NotebookProxyOptions _options;
    private readonly ILogger<WebSocketForwarder> _logger;

    public WebSocketForwarder(
        UpstreamClient upstream,
        UpstreamRequestHeaders requestHeaders,
        ConnectionRegistry connections,
        CancellationSourcePool cancellations,
        IOptions<NotebookProxyOptions> options,
        ILogger<WebSocketForwarder> logger)
    {
        _upstream = upstream;
        _requestHeaders = requestHeaders;
        _connections = connections;
        _cancellations = cancellations;
        _options = options.Value;
        _logger = logger;
    }

    public async Task<ForwardingOutcome> ForwardAsync(HttpContext context, string sessionId, NotebookTarget target)
    {
        var key = new ConnectionKey(sessionId, target.ConnectionOwner);
        var upstream = new ClientWebSocket();
        try
        {
            // 1. The notebook's handshake, with the caller's subprotocols and the notebook's token.
            var connected = await ConnectUpstreamAsync(context, key, target, upstream).ConfigureAwait(false);
            if (connected.Failure != ProxyFailure.None)
            {
                return connected;
            }

            // 2. The caller's handshake, with the subprotocol the notebook chose.
            WebSocket client;
            try
            {
                client = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
                {
                    SubProtocol = upstream.SubProtocol,
                    KeepAliveInterval = _options.WebSocketKeepAliveInterval,
                }).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or WebSocketException or OperationCanceledException or InvalidOperationException)
            {
                upstream.Abort();
                return ProxyFailure.NoOneToAnswer;
            }

            // 3. Relay until it ends, open to CloseFor while it runs.
            using (client)
            {
                using var relay = new WebSocketRelay(client, upstream, _options.WebSocketIdleTimeout, _options.WebSocketCloseTimeout, _logger);
                _connections.Add(key, relay);
                try
                {
                    await relay.RunAsync().ConfigureAwait(false);
                }
                finally
                {
                    _connections.Remove(key, relay);
                }
            }

            return ForwardingOutcome.Completed;
        }
        finally
        {
            upstream.Dispose();
        }
    }

    private async Task<ForwardingOutcome> ConnectUpstreamAsync(HttpContext context, ConnectionKey key, NotebookTarget target, ClientWebSocket upstream)
    {
        var request = context.Request;
        var options = upstream.Options;
        options.HttpVersion = HttpVersion.Version11;
        options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        options.KeepAliveInterval = _options.WebSocketKeepAliveInterval;
        options.CollectHttpResponseDetails = true;
        foreach (var protocol in context.WebSockets.WebSocketRequestedProtocols)
        {
            options.AddSubProtocol(protocol);
        }

        _requestHeaders.CopyTo(request, options, target.Token);

        using var handshake = new InFlightRequest(context, _cancellations);
        _connections.Add(key, handshake);
        try
        {
            handshake.CancelAfter(_options.ResponseHeadersTimeout);
            await upstream.ConnectAsync(ForwardedPath.Combine(target.Upstream, request, webSocket: true), _upstream.Invoker, handshake.Token)
                .ConfigureAwait(false);
            return ForwardingOutcome.Completed;
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException)
        {
            if (handshake.CallerGone || handshake.WasClosed)
            {
                return ProxyFailure.NoOneToAnswer;
            }

            if (upstream.HttpStatusCode != 0 && upstream.HttpStatusCode != HttpStatusCode.SwitchingProtocols)
            {
                Log.UpstreamRefused(_logger, target.Upstream, (int)upstream.HttpStatusCode);
                return new ForwardingOutcome(ProxyFailure.UpstreamRefusedWebSocket, (int)upstream.HttpStatusCode);
            }

            if (handshake.Token.IsCancellationRequested)
            {
                Log.UpstreamTimedOut(_logger, target.Upstream);
                return ProxyFailure.UpstreamTimeout;
            }

            Log.UpstreamUnavailable(_logger, target.Upstream, e);
            return ProxyFailure.UpstreamUnavailable;
        }
        finally
        {
            _connections.Remove(key, handshake);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Warning, "Notebook at {Upstream} could not be reached for a WebSocket")]
        public static partial void UpstreamUnavailable(ILogger logger, Uri upstream, Exception error);

        [LoggerMessage(21, LogLevel.Warning, "Notebook at {Upstream} did not complete a WebSocket handshake in time")]
        public static partial void UpstreamTimedOut(ILogger logger, Uri upstream);

        [LoggerMessage(22, LogLevel.Information, "Notebook at {Upstream} refused a WebSocket handshake with status {Status}")]
        public static partial void UpstreamRefused(ILogger logger, Uri upstream, int status);
    }
}
