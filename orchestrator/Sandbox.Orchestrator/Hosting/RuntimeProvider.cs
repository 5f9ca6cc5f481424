using Sandbox.Orchestrator.Datasets.Registry;
using Sandbox.Runtime.Docker;
using Sandbox.Runtime.Docker.Images;
using Sandbox.Runtime.Kubernetes;

namespace Sandbox.Orchestrator.Hosting;

/// <summary>
/// Chooses where sessions run from <c>Sandbox:Runtime:Provider</c> (<c>Sandbox__Runtime__Provider</c>): <c>docker</c>
/// (the default; settings in <c>Sandbox:Docker</c>) or <c>kubernetes</c> (settings in <c>Sandbox:Kubernetes</c>). Anything
/// else stops the start with a clear message, and so does Kubernetes without a registry: a cluster's nodes can only get
/// data images from one.
/// </summary>
internal static class RuntimeProvider
{
    /// <summary>The configuration key.</summary>
    public const string Key = "Sandbox:Runtime:Provider";

    public static IServiceCollection AddSandboxRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration[Key] is { Length: > 0 } configured ? configured.Trim() : "docker";
        switch (provider.ToLowerInvariant())
        {
            case "docker":
                services.AddDockerRuntime(o => configuration.GetSection("Sandbox:Docker").Bind(o));
                services.AddDockerDataImages();
                return services;
            case "kubernetes":
                var registry = configuration.GetSection(RegistryOptions.Section).Get<RegistryOptions>() ?? new RegistryOptions();
                if (registry.Url is null)
                {
                    throw new InvalidOperationException(
                        $"{Key} is 'kubernetes' but no registry is configured ({RegistryOptions.Section}:Url): a cluster's nodes pull data images from a registry, they cannot see the orchestrator's disk.");
                }

                services.AddKubernetesRuntime(configuration.GetSection("Sandbox:Kubernetes"));
                services.AddKubernetesDataImages(registry.Url, registry.RequestTimeout);
                return services;
            default:
                throw new InvalidOperationException($"{Key} is '{provider}': it must be 'docker' (the default) or 'kubernetes'.");
        }
    }
}
