using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>Registers the Kubernetes adapter of the runtime ports.</summary>
public static class KubernetesRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISessionRuntime"/>, <see cref="IDataImageRemover"/> and <see cref="IMemberHomes"/> on a Kubernetes cluster, sharing one API
    /// client, with <see cref="KubernetesRuntimeOptions"/> bound from <paramref name="section"/> (the
    /// <c>Sandbox:Kubernetes</c> section; durations as <c>00:02:00</c>) and validated at start.
    /// </summary>
    public static IServiceCollection AddKubernetesRuntime(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<KubernetesRuntimeOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KubernetesRuntimeOptions>, KubernetesRuntimeOptionsValidator>();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);

        // The installation's identity is set by the host at start, once the store has it (see RuntimeInstallation).
        services.TryAddSingleton<RuntimeInstallation>();
        services.TryAddSingleton(provider => KubernetesClientFactory.Create(provider.GetRequiredService<IOptions<KubernetesRuntimeOptions>>().Value));
        services.AddSingleton(provider => new KubernetesSessionRuntime(
            provider.GetRequiredService<k8s.IKubernetes>(),
            provider.GetRequiredService<IOptions<KubernetesRuntimeOptions>>().Value,
            provider.GetRequiredService<RuntimeInstallation>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<KubernetesSessionRuntime>>()));
        services.AddSingleton<ISessionRuntime>(provider => provider.GetRequiredService<KubernetesSessionRuntime>());
        services.AddSingleton<IDataImageRemover>(provider => new KubernetesDataImageRemover(
            provider.GetRequiredService<k8s.IKubernetes>(),
            provider.GetRequiredService<IOptions<KubernetesRuntimeOptions>>().Value,
            provider.GetRequiredService<RuntimeInstallation>()));
        services.AddSingleton<IMemberHomes>(provider => new KubernetesMemberHomes(
            provider.GetRequiredService<k8s.IKubernetes>(),
            provider.GetRequiredService<IOptions<KubernetesRuntimeOptions>>().Value,
            provider.GetRequiredService<RuntimeInstallation>()));
        return services;
    }

    /// <summary>
    /// Registers <see cref="IDataImageLoader"/> under Kubernetes: data images go through the registry at
    /// <paramref name="registry"/> (nodes pull them by digest); there is no other way to a cluster's nodes.
    /// </summary>
    public static IServiceCollection AddKubernetesDataImages(this IServiceCollection services, Uri registry, TimeSpan requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registry);
        services.AddSingleton<IDataImageLoader>(_ => new KubernetesDataImageLoader(new HttpClient { Timeout = requestTimeout }, registry));
        return services;
    }
}
