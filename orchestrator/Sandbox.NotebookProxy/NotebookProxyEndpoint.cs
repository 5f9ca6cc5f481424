using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sandbox.NotebookProxy.Exposure;
using Sandbox.NotebookProxy.Forwarding;
using Sandbox.NotebookProxy.Headers;
using Sandbox.NotebookProxy.Problems;
using Sandbox.NotebookProxy.WebSockets;

namespace Sandbox.NotebookProxy;

/// <summary>
/// The request delegate behind one mapping of <c>{prefix}/{sessionId}/{**rest}</c>: what the exposure refuses outright,
/// the same-origin check, the host's decision, then forwarding. Every expected failure becomes a problem response here,
/// never an exception.
/// </summary>
internal sealed class NotebookProxyEndpoint
{
    public const string SessionIdRouteValue = "sessionId";
    public const string RestRouteValue = "rest";

    private readonly NotebookExposure _exposure;
    private readonly OriginPolicy _origins;
    private readonly NotebookForwarder _forwarder;
    private readonly NotebookTransformer _transformer;
    private readonly Metrics.NotebookProxyMetrics _metrics;

    public NotebookProxyEndpoint(NotebookExposure exposure, OriginPolicy origins, NotebookForwarder forwarder, NotebookTransformer transformer, Metrics.NotebookProxyMetrics metrics)
    {
        _metrics = metrics;
        _exposure = exposure;
        _origins = origins;
        _forwarder = forwarder;
        _transformer = transformer;
    }

    /// <summary>The endpoint for one exposure, from the services <c>AddNotebookProxy</c> registered.</summary>
    public static NotebookProxyEndpoint Create(IServiceProvider services, NotebookExposure exposure, string caller)
    {
        var forwarder = services.GetService<NotebookForwarder>()
            ?? throw new InvalidOperationException($"Call services.AddNotebookProxy() before {caller}().");
        var options = services.GetRequiredService<IOptions<NotebookProxyOptions>>().Value;
        var transformer = new NotebookTransformer(
            services.GetRequiredService<UpstreamRequestHeaders>(),
            new ResponseHeaderPolicy(exposure, options.StrippedCookiePrefixes, options.FrameAncestors));
        return new NotebookProxyEndpoint(exposure, services.GetRequiredService<OriginPolicy>(), forwarder, transformer, services.GetRequiredService<Metrics.NotebookProxyMetrics>());
    }

    /// <summary>Whether the request asks to switch protocols (HTTP/1.1 Upgrade, or HTTP/2 extended CONNECT); header-only.</summary>
    public static bool IsUpgrade(HttpRequest request) =>
        request.Headers.Upgrade.Count > 0 || HttpMethods.IsConnect(request.Method);

    public async Task HandleAsync(HttpContext context)
    {
        var isUpgrade = IsUpgrade(context.Request);
        var outcome = await ProxyAsync(context, isUpgrade).ConfigureAwait(false);
        _metrics.RequestEnded(isUpgrade, outcome);
        if (outcome != ProxyFailure.None)
        {
            await ProxyProblems.WriteAsync(context, outcome).ConfigureAwait(false);
        }
    }

    /// <summary>Forwards the request, or says why not (the caller writes the refusal).</summary>
    private async Task<ProxyFailure> ProxyAsync(HttpContext context, bool isUpgrade)
    {
        var request = context.Request;
        var sessionId = request.RouteValues[SessionIdRouteValue] as string;
        if (string.IsNullOrEmpty(sessionId))
        {
            return ProxyFailure.SessionNotFound;
        }

        // 1. Where notebooks are for scripts, a browser loading a document is refused before anything is looked up: notebook
        //    content must never render as this origin.
        if (_exposure == NotebookExposure.ScriptsOnly && BrowserDocumentRequest.Is(request))
        {
            return ProxyFailure.BrowserRefused;
        }

        // 2. /s/{id} becomes /s/{id}/: the notebook's pages use relative links that need the trailing slash.
        if (request.RouteValues[RestRouteValue] is null && !request.Path.Value!.EndsWith('/'))
        {
            RedirectToTrailingSlash(context);
            return ProxyFailure.None;
        }

        // 3. Another site's page may not use the caller's credentials here (checked before the lookup: it needs none).
        if (OriginPolicy.AppliesTo(request, isUpgrade) && !_origins.Allows(request))
        {
            if (context.RequestServices.GetService<INotebookProxyRefusals>() is { } refusals)
            {
                await refusals.OriginRefusedAsync(context, sessionId, request.Headers.Origin.ToString()).ConfigureAwait(false);
            }

            return ProxyFailure.OriginRefused;
        }

        // 4. The host decides whether this caller may use this session, and where it runs.
        var resolver = context.RequestServices.GetRequiredService<INotebookTargetResolver>();
        var target = await resolver.ResolveAsync(context, sessionId, context.RequestAborted).ConfigureAwait(false);
        if (target is null)
        {
            return ProxyFailure.SessionNotFound;
        }

        // 5. Forward.
        return await _forwarder.ForwardAsync(context, sessionId, target, isUpgrade, _transformer).ConfigureAwait(false);
    }

    private static void RedirectToTrailingSlash(HttpContext context)
    {
        var request = context.Request;
        var location = string.Concat(request.PathBase.Add(request.Path).ToUriComponent(), "/", request.QueryString.Value);
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = location;
    }
}
