using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Sandbox.NotebookProxy;

/// <summary>Mapping of the notebook proxy's routes.</summary>
public static class NotebookProxyEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>{prefix}/{sessionId}/{**rest}</c>, every method, HTTP and WebSocket, to the session's notebook, and
    /// <c>{prefix}/{sessionId}</c> to a redirect to the trailing-slash form. <paramref name="exposure"/> says how the notebook
    /// is reached, and so what its responses may do in a browser (see <see cref="NotebookExposure"/>); an app may map both,
    /// for example <see cref="NotebookExposure.OwnOrigin"/> for the notebook hosts (<c>.RequireHost(...)</c> on the returned
    /// builder) and <see cref="NotebookExposure.ScriptsOnly"/> on the API's origin. Apply authentication and authorization to
    /// the returned builder as needed; WebSockets are forwarded as upgraded connections, so <c>UseWebSockets</c> is not needed.
    /// </summary>
    public static IEndpointConventionBuilder MapNotebookProxy(this IEndpointRouteBuilder routes, string prefix = "/s", NotebookExposure exposure = NotebookExposure.OwnOrigin)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var endpoint = NotebookProxyEndpoint.Create(routes.ServiceProvider, exposure, nameof(MapNotebookProxy));

        // One route serves both forms: routing treats "/s/{id}" and "/s/{id}/" alike, so two routes would loop the redirect.
        var pattern = string.Concat(prefix.TrimEnd('/'), "/{", NotebookProxyEndpoint.SessionIdRouteValue, "}/{**", NotebookProxyEndpoint.RestRouteValue, "}");
        return routes.Map(pattern, endpoint.HandleAsync).WithDisplayName($"Notebook proxy ({exposure})");
    }
}
