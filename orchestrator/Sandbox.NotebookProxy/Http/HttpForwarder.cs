using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandbox.NotebookProxy.Connections;
using Sandbox.NotebookProxy.Headers;
using Sandbox.NotebookProxy.Problems;

namespace Sandbox.NotebookProxy.Http;

/// <summary>Forwards one plain HTTP request to a notebook and streams the answer back.</summary>
internal sealed partial class HttpForwarder
{
    private readonly UpstreamClient _upstream;
    private readonly UpstreamRequestHeaders _requestHeaders;
    private readonly ConnectionRegistry _connections;
    private readonly CancellationSourcePool _cancellations;
    private readonly TimeSpan _responseHeadersTimeout;
    private readonly long? _maxRequestBodySize;
    private readonly ILogger<HttpForwarder> _logger;

    public HttpForwarder(
        UpstreamClient upstream,
        UpstreamRequestHeaders requestHeaders,
        ConnectionRegistry connections,
        CancellationSourcePool cancellations,
        IOptions<NotebookProxyOptions> options,
        ILogger<HttpForwarder> logger)
    {
        _upstream = upstream;
        _requestHeaders = requestHeaders;
        _connections = connections;
        _cancellations = cancellations;
        _responseHeadersTimeout = options.Value.ResponseHeadersTimeout;
        _maxRequestBodySize = options.Value.MaxRequestBodySize;
        _logger = logger;
    }

    public async Task<ForwardingOutcome> ForwardAsync(HttpContext context, string sessionId, NotebookTarget target)
    {
        // 1. The body streams through, so the proxy's limit replaces the host's (smaller, buffering-minded) default.
        var bodyLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodyLimit is { IsReadOnly: false })
        {
            bodyLimit.MaxRequestBodySize = _maxRequestBodySize;
        }

        // 2. Register the exchange, so CloseFor can cut it while it runs.
        var key = new ConnectionKey(sessionId, target.ConnectionOwner);
        using var exchange = new InFlightRequest(context, _cancellations);
        _connections.Add(key, exchange);
        try
        {
            // 3. The upstream request: same method, path and query, filtered headers, the notebook's token, the body as a stream.
            var request = context.Request;
            using var message = new HttpRequestMessage(HttpMethod.Parse(request.Method), ForwardedPath.Combine(target.Upstream, request, webSocket: false))
            {
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            var body = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true
                ? new StreamingRequestBody(request.BodyReader)
                : null;
            message.Content = body;
            _requestHeaders.CopyTo(request, message, target.Token);

            // 4. Wait for the notebook's status and headers, no longer than the headers timeout.
            HttpResponseMessage response;
            exchange.CancelAfter(_responseHeadersTimeout);
            try
            {
                response = await _upstream.Invoker.SendAsync(message, exchange.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException)
            {
                return Classify(exchange, body, e, target);
            }

            using (response)
            {
                exchange.CancelAfter(Timeout.InfiniteTimeSpan);

                // 5. Status and headers, then the body as it comes.
                var caller = context.Response;
                caller.StatusCode = (int)response.StatusCode;
                ResponseHeaders.CopyTo(response, caller);
                context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                try
                {
                    var stream = await response.Content.ReadAsStreamAsync(exchange.Token).ConfigureAwait(false);
                    await using (stream.ConfigureAwait(false))
                    {
                        await ResponseBodyCopier.CopyAsync(stream, caller.BodyWriter, exchange.Token).ConfigureAwait(false);
                    }
                }
                catch (ResponseCopyException e) when (e.UpstreamFailed && !exchange.CallerGone && !exchange.WasClosed)
                {
                    Log.ResponseCutShort(_logger, target.Upstream, e.InnerException);
                    context.Abort();
                    return ProxyFailure.ResponseCutShort;
                }
                catch (ResponseCopyException)
                {
                    return ProxyFailure.NoOneToAnswer;
                }
            }

            return ForwardingOutcome.Completed;
        }
        finally
        {
            _connections.Remove(key, exchange);
        }
    }

    private ForwardingOutcome Classify(InFlightRequest exchange, StreamingRequestBody? body, Exception error, NotebookTarget target)
    {
        // The order matters: a caller that left or a closed exchange also shows up as a cancellation.
        if (exchange.CallerGone || exchange.WasClosed)
        {
            return ProxyFailure.NoOneToAnswer;
        }

        if (body?.ReadFailure is BadHttpRequestException bad)
        {
            return bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ProxyFailure.RequestBodyTooLarge : ProxyFailure.BadRequestBody;
        }

        if (body?.ReadFailure is not null)
        {
            return ProxyFailure.NoOneToAnswer;
        }

        // The handler's own connect timeout is a cancellation too, but it means "unreachable", not "slow".
        if (exchange.Token.IsCancellationRequested && error.InnerException is not TimeoutException)
        {
            Log.UpstreamTimedOut(_logger, target.Upstream);
            return ProxyFailure.UpstreamTimeout;
        }

        Log.UpstreamUnavailable(_logger, target.Upstream, error);
        return ProxyFailure.UpstreamUnavailable;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Notebook at {Upstream} could not be reached")]
        public static partial void UpstreamUnavailable(ILogger logger, Uri upstream, Exception error);

        [LoggerMessage(2, LogLevel.Warning, "Notebook at {Upstream} did not send response headers in time")]
        public static partial void UpstreamTimedOut(ILogger logger, Uri upstream);

        [LoggerMessage(3, LogLevel.Information, "Notebook at {Upstream} failed while sending a response body; the caller's connection was aborted")]
        public static partial void ResponseCutShort(ILogger logger, Uri upstream, Exception? error);
    }
}
