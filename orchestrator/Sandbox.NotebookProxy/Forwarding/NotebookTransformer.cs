using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Sandbox.NotebookProxy.Connections;
using Sandbox.NotebookProxy.Exposure;
using Sandbox.NotebookProxy.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace Sandbox.NotebookProxy.Forwarding;

/// <summary>
/// The forwarder's request and response transforms for one exposure: the caller's request with our header rules and the
/// notebook's token, at the same path (the notebook serves <c>/s/{sessionId}/</c> itself), and the notebook's response
/// headers through <see cref="ResponseHeaderPolicy"/>. Per-request facts come from the request's
/// <see cref="ForwardedExchange"/> feature.
/// </summary>
internal sealed class NotebookTransformer : HttpTransformer
{
    private readonly UpstreamRequestHeaders _requestHeaders;
    private readonly ResponseHeaderPolicy _responseHeaders;

    public NotebookTransformer(UpstreamRequestHeaders requestHeaders, ResponseHeaderPolicy responseHeaders)
    {
        _requestHeaders = requestHeaders;
        _responseHeaders = responseHeaders;
    }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        var exchange = httpContext.Features.GetRequiredFeature<ForwardedExchange>();
        var request = httpContext.Request;
        _requestHeaders.Apply(request, proxyRequest, exchange.Token, exchange.IsWebSocket);

        // The path routing matched (dot segments resolved), re-escaped: exactly what the proxy authorized.
        var path = request.PathBase.HasValue ? request.PathBase.Add(request.Path) : request.Path;
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, path, request.QueryString);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is null)
        {
            // The forwarder failed before an answer; the endpoint writes the problem response.
            return false;
        }

        httpContext.Features.Get<ForwardedExchange>()?.HeadersArrived();
        await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        var headers = httpContext.Response.Headers;
        RemoveHopByHop(proxyResponse, headers);
        _responseHeaders.Apply(headers);
        return true;
    }

    /// <summary>The forwarder drops the standard hop-by-hop headers; these are the ones only the notebook's Connection names,
    /// and its Proxy-* headers, which are for the proxy, not the caller.</summary>
    private static void RemoveHopByHop(HttpResponseMessage proxyResponse, IHeaderDictionary headers)
    {
        var connection = proxyResponse.Headers.NonValidated.TryGetValues("Connection", out var listed)
            ? new StringValues([.. listed])
            : StringValues.Empty;
        var connectionNamesOthers = ConnectionHeader.NamesOtherHeaders(connection);
        foreach (var (name, _) in proxyResponse.Headers.NonValidated)
        {
            if (HeaderRules.IsProxyHeader(name) || (connectionNamesOthers && ConnectionHeader.Names(connection, name)))
            {
                headers.Remove(name);
            }
        }
    }
}
