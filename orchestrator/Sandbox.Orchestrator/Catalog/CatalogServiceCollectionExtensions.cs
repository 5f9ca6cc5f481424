using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.Catalog;

/// <summary>Registers the notebook catalog (profiles and sizes from configuration).</summary>
internal static class CatalogServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection("Sandbox"))
            .Validate(o => o.Sizes.Count > 0 && o.Sizes.Values.All(s => s.Cpu > 0 && s.MemoryGiB > 0 && s.Gpu >= 0 && s.Pids > 0),
                "Sandbox:Sizes: at least one size, each with positive Cpu, MemoryGiB and Pids.")
            .Validate(o => o.Profiles.Values.All(p => !string.IsNullOrWhiteSpace(p.Image) && p.Command.Count > 0 && p.Port is > 0 and < 65536),
                "Sandbox:Profiles: each profile needs an Image, a Command and a Port.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CatalogOptions>, ProfileEgressValidator>();
        services.AddSingleton<NotebookCatalog>();
        return services;
    }
}
