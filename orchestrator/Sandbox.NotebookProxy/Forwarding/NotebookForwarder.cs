using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandbox.NotebookProxy.Connections;
using Sandbox.NotebookProxy.Http;
using Sandbox.NotebookProxy.Metrics;
using Sandbox.NotebookProxy.Problems;
using Yarp.ReverseProxy.Forwarder;

namespace Sandbox.NotebookProxy.Forwarding;

/// <summary>
/// Forwards one request, plain HTTP or a WebSocket, to a notebook through YARP's <see cref="IHttpForwarder"/>, open to
/// <see cref="INotebookConnections.CloseFor"/> while it runs, and says how it ended as a <see cref="ProxyFailure"/>.
/// </summary>
internal sealed partial class NotebookForwarder
{
    private readonly IHttpForwarder _forwarder;
    private readonly UpstreamClient _upstream;
    private readonly ConnectionRegistry _connections;
    private readonly ForwarderRequestConfig _http;
    private readonly ForwarderRequestConfig _webSocket;
    private readonly TimeSpan _handshakeTimeout;
    private readonly long? _maxRequestBodySize;
    private readonly ILogger<NotebookForwarder> _logger;
    private readonly NotebookProxyMetrics _metrics;

    public NotebookForwarder(
        IHttpForwarder forwarder,
        UpstreamClient upstream,
        ConnectionRegistry connections,
        IOptions<NotebookProxyOptions> options,
        ILogger<NotebookForwarder> logger,
        NotebookProxyMetrics metrics)
    {
        _metrics = metrics;
        _forwarder = forwarder;
        _upstream = upstream;
        _connections = connections;
        var settings = options.Value;

        // Notebooks speak HTTP/1.1; asking for it exactly spares an HTTP/2 attempt per connection. For plain HTTP the
        // activity timeout is the wait for response headers (and any pause in a body); for an upgraded WebSocket it is the
        // socket's idle timeout, and the handshake gets its own deadline (ForwardedExchange).
        _http = new ForwarderRequestConfig
        {
            ActivityTimeout = settings.ResponseHeadersTimeout,
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        _webSocket = _http with { ActivityTimeout = settings.WebSocketIdleTimeout };
        _handshakeTimeout = settings.ResponseHeadersTimeout;
        _maxRequestBodySize = settings.MaxRequestBodySize;
        _logger = logger;
    }

    public async Task<ProxyFailure> ForwardAsync(HttpContext context, string sessionId, NotebookTarget target, bool isWebSocket, NotebookTransformer transformer)
    {
        // 1. The body streams through, so the proxy's limit replaces the host's (smaller, buffering-minded) default.
        var bodyLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodyLimit is { IsReadOnly: false })
        {
            bodyLimit.MaxRequestBodySize = _maxRequestBodySize;
        }

        // 2. Register the exchange, so CloseFor can cut it while it runs; the transformer finds it as a feature.
        var key = new ConnectionKey(sessionId, target.ConnectionOwner);
        using var exchange = new ForwardedExchange(context, target.Token, isWebSocket, _handshakeTimeout);
        context.Features.Set(exchange);
        _connections.Add(key, exchange);

        // 3. Bodies and WebSocket frames counted as they pass (sandbox.proxy.bytes), and the socket counted open.
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var responseBody = context.Features.Get<IHttpResponseBodyFeature>();
        var requestBody = context.Request.Body;
        CountingUpgradeFeature? counted = null;
        if (isWebSocket && upgrade is { IsUpgradableRequest: true })
        {
            counted = new CountingUpgradeFeature(upgrade, _metrics);
            context.Features.Set<IHttpUpgradeFeature>(counted);
        }
        else if (!isWebSocket)
        {
            context.Request.Body = new CountingStream(requestBody, _metrics.ToNotebook, static _ => { });
            context.Response.Body = new CountingStream(context.Response.Body, static _ => { }, _metrics.FromNotebook);
        }

        try
        {
            // 4. Forward; for a WebSocket this returns when the socket ends.
            var error = await _forwarder.SendAsync(
                context,
                target.Upstream.GetLeftPart(UriPartial.Authority),
                _upstream.Invoker,
                isWebSocket ? _webSocket : _http,
                transformer,
                exchange.HandshakeToken).ConfigureAwait(false);
            if (error == ForwarderError.None)
            {
                return ProxyFailure.None;
            }

            // 5. What the caller is told, if anyone is left to tell.
            var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            var state = new ExchangeState(
                CallerGone: context.RequestAborted.IsCancellationRequested,
                ClosedByRegistry: exchange.WasClosed,
                HandshakeTimedOut: exchange.HandshakeTimedOut,
                ResponseStarted: context.Response.HasStarted);
            var failure = ForwarderErrors.Classify(error, exception, state);
            LogFailure(target, error, failure, exception);
            return failure;
        }
        finally
        {
            _connections.Remove(key, exchange);
            context.Features.Set<ForwardedExchange>(null);
            if (counted is not null)
            {
                context.Features.Set(upgrade);
                if (counted.Upgraded)
                {
                    _metrics.WebSocketClosed();
                }
            }
            else if (!isWebSocket)
            {
                context.Request.Body = requestBody;
                context.Features.Set(responseBody);
            }
        }
    }

    private void LogFailure(NotebookTarget target, ForwarderError error, ProxyFailure failure, Exception? exception)
    {
        switch (failure)
        {
            case ProxyFailure.UpstreamUnavailable:
                Log.UpstreamUnavailable(_logger, target.Upstream, error, exception);
                break;
            case ProxyFailure.UpstreamTimeout:
                Log.UpstreamTimedOut(_logger, target.Upstream, error);
                break;
            case ProxyFailure.ResponseCutShort:
                Log.ResponseCutShort(_logger, target.Upstream, error, exception);
                break;
            default:
                if (error == ForwarderError.UpgradeActivityTimeout)
                {
                    Log.WebSocketIdle(_logger, target.Upstream);
                }

                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Notebook at {Upstream} could not be reached ({Error})")]
        public static partial void UpstreamUnavailable(ILogger logger, Uri upstream, ForwarderError error, Exception? exception);

        [LoggerMessage(2, LogLevel.Warning, "Notebook at {Upstream} did not send response headers in time ({Error})")]
        public static partial void UpstreamTimedOut(ILogger logger, Uri upstream, ForwarderError error);

        [LoggerMessage(3, LogLevel.Information, "Notebook at {Upstream} failed or stalled while sending a response body ({Error}); the caller's connection was aborted")]
        public static partial void ResponseCutShort(ILogger logger, Uri upstream, ForwarderError error, Exception? exception);

        [LoggerMessage(4, LogLevel.Information, "WebSocket to the notebook at {Upstream} carried nothing for the idle timeout and was cut")]
        public static partial void WebSocketIdle(ILogger logger, Uri upstream);
    }
}
