using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Telemetry;

/// <summary>Puts <see cref="MeteredSessionRuntime"/> in front of whichever adapter was registered.</summary>
internal static class TelemetryRuntimeDecoration
{
    public static IServiceCollection AddMeteredRuntime(this IServiceCollection services)
    {
        var adapter = services.LastOrDefault(d => d.ServiceType == typeof(ISessionRuntime))
            ?? throw new InvalidOperationException("No runtime adapter is registered: call AddSandboxRuntime first.");
        services.Remove(adapter);
        services.AddSingleton<ISessionRuntime>(provider => new MeteredSessionRuntime(
            adapter.ImplementationFactory is { } factory ? (ISessionRuntime)factory(provider)
                : adapter.ImplementationInstance as ISessionRuntime ?? (ISessionRuntime)ActivatorUtilities.CreateInstance(provider, adapter.ImplementationType!),
            provider.GetRequiredService<SandboxMetrics>()));
        return services;
    }
}
