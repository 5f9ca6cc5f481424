using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.Portal;

/// <summary>Registers and places the portal's static files.</summary>
internal static partial class PortalServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxPortal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PortalOptions>().Bind(configuration.GetSection(PortalOptions.Section));
        services.AddSingleton(provider =>
            new PortalFiles(PortalRoot.Resolve(provider.GetRequiredService<IOptions<PortalOptions>>().Value.Root, AppContext.BaseDirectory)));
        return services;
    }

    /// <summary>Serves the portal; call before authentication (its files are public, the sign-in page among them).</summary>
    public static IApplicationBuilder UseSandboxPortal(this IApplicationBuilder app)
    {
        var files = app.ApplicationServices.GetRequiredService<PortalFiles>();
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Sandbox.Orchestrator.Portal");
        if (files.IsBuilt)
        {
            Log.Serving(logger, files.Root);
        }
        else
        {
            Log.NotBuilt(logger, files.Root);
        }

        return app.UseMiddleware<PortalMiddleware>();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Serving the portal from {Root}")]
        public static partial void Serving(ILogger logger, string root);

        [LoggerMessage(2, LogLevel.Warning, "The portal is not built in {Root}: / answers how to build it (cd portal && npm ci && npm run build)")]
        public static partial void NotBuilt(ILogger logger, string root);
    }
}
