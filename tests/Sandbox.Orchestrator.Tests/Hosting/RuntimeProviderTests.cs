using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sandbox.Orchestrator.Hosting;
using Sandbox.Runtime;
using Sandbox.Runtime.Docker;
using Sandbox.Runtime.Kubernetes;

namespace Sandbox.Orchestrator.Tests.Hosting;

public sealed class RuntimeProviderTests
{
    private static IServiceCollection Add(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection().AddSandboxRuntime(configuration);
    }

    private static Type? ImplementationOf<T>(IServiceCollection services) =>
        services.LastOrDefault(d => d.ServiceType == typeof(T)) is { } descriptor
            ? descriptor.ImplementationType ?? descriptor.ImplementationFactory?.Method.ReturnType
            : null;

    [Fact]
    public void Docker_is_the_default()
    {
        var services = Add();

        Assert.Contains(services, d => d.ServiceType == typeof(DockerSessionRuntime));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(KubernetesSessionRuntime));
        Assert.NotNull(ImplementationOf<IDataImageLoader>(services));
    }

    [Fact]
    public void Kubernetes_with_a_registry_registers_the_kubernetes_adapter()
    {
        var services = Add((RuntimeProvider.Key, "kubernetes"), ("Sandbox:Registry:Url", "http://127.0.0.1:5000"));

        Assert.Contains(services, d => d.ServiceType == typeof(KubernetesSessionRuntime));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(DockerSessionRuntime));
    }

    [Fact]
    public void Kubernetes_without_a_registry_stops_the_start_saying_why()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Add((RuntimeProvider.Key, "kubernetes")));

        Assert.Contains("no registry is configured (Sandbox:Registry:Url)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_provider_stops_the_start_naming_the_choices()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Add((RuntimeProvider.Key, "nomad")));

        Assert.Equal("Sandbox:Runtime:Provider is 'nomad': it must be 'docker' (the default) or 'kubernetes'.", refused.Message);
    }
}
