using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sandbox.NotebookProxy;

/// <summary>Mapping of the notebook proxy's routes.</summary>
public static class NotebookProxyEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>{prefix}/{sessionId}/{**rest}</c>, every method, HTTP and WebSocket, to the session's notebook, and
    /// <c>{prefix}/{sessionId}</c> to a redirect to the trailing-slash form. Apply authentication and authorization to the
    /// returned builder (for example <c>.RequireAuthorization()</c>); the WebSocket support this needs is built in, so
    /// <c>UseWebSockets</c> is not required in the host's pipeline.
    /// </summary>
    public static IEndpointConventionBuilder MapNotebookProxy(this IEndpointRouteBuilder routes, string prefix = "/s")
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var endpoint = routes.ServiceProvider.GetService<NotebookProxyEndpoint>()
            ?? throw new InvalidOperationException("Call services.AddNotebookProxy() before MapNotebookProxy().");

        // WebSocket handshakes go through the WebSocket middleware, which only this endpoint needs; plain requests skip
        // it and the per-request feature it sets up.
        var webSocketPipeline = routes.CreateApplicationBuilder();
        webSocketPipeline.UseWebSockets();
        webSocketPipeline.Run(endpoint.HandleAsync);
        var handleWebSocket = webSocketPipeline.Build();
        RequestDelegate handleHttp = endpoint.HandleAsync;

        // One route serves both forms: routing treats "/s/{id}" and "/s/{id}/" alike, so two routes would loop the redirect.
        var pattern = string.Concat(prefix.TrimEnd('/'), "/{", NotebookProxyEndpoint.SessionIdRouteValue, "}/{**", NotebookProxyEndpoint.RestRouteValue, "}");
        return routes.Map(pattern, context => NotebookProxyEndpoint.MayBeWebSocket(context.Request) ? handleWebSocket(context) : handleHttp(context))
            .WithDisplayName("Notebook proxy");
    }
}
