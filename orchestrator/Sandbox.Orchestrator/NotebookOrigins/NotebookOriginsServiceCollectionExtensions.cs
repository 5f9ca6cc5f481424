using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sandbox.NotebookProxy;

namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary>Registration and pipeline of the notebook origins.</summary>
internal static class NotebookOriginsServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxNotebookOrigins(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotebookOriginOptions>().Bind(configuration.GetSection(NotebookOriginOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotebookOriginOptions>, NotebookOriginOptionsValidator>());
        services.AddSingleton<SandboxOrigins>();
        services.AddSingleton<NotebookCookie>();
        services.AddScoped<NotebookHandoffs>();

        // Only the portal may frame a notebook (a notebook's own pages may frame themselves).
        services.AddOptions<NotebookProxyOptions>().PostConfigure<SandboxOrigins>((proxy, origins) =>
        {
            if (!proxy.FrameAncestors.Contains(origins.PortalOriginText, StringComparer.OrdinalIgnoreCase))
            {
                proxy.FrameAncestors.Add(origins.PortalOriginText);
            }
        });
        return services;
    }

    /// <summary>
    /// Notebook origins answer their own requests (nothing after this sees them); then requests from a notebook's page to
    /// the portal's origin are refused. Place it first, before the portal, authentication and the API.
    /// </summary>
    public static IApplicationBuilder UseSandboxNotebookOrigins(this IApplicationBuilder app)
    {
        var proxy = app.BuildNotebookProxyHandler(NotebookExposure.OwnOrigin);
        app.UseMiddleware<NotebookOriginMiddleware>(proxy);
        app.UseMiddleware<NotebookOriginRefusalMiddleware>();
        return app;
    }
}
