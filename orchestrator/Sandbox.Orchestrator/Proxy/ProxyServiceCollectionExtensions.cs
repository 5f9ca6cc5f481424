using Microsoft.Extensions.DependencyInjection.Extensions;
using Sandbox.NotebookProxy;
using Sandbox.Orchestrator.Culling;

namespace Sandbox.Orchestrator.Proxy;

/// <summary>Registers the notebook proxy with Sandbox's session access rules.</summary>
internal static class ProxyServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxNotebookProxy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddNotebookProxy(o => configuration.GetSection("Sandbox:Proxy").Bind(o));
        services.TryAddSingleton<ProxiedUse>();
        services.AddSingleton<INotebookTargetResolver, SessionNotebookTargetResolver>();
        services.AddScoped<StoredNotebookTargets>();
        services.AddSingleton<INotebookProxyRefusals, AuditedProxyRefusals>();
        return services;
    }
}
