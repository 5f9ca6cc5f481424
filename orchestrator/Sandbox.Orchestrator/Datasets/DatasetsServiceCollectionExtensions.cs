using Microsoft.Extensions.Options;
using Sandbox.Datasets.Oci;
using Sandbox.Orchestrator.Datasets.Registry;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>Registers the dataset catalog and publishing.</summary>
internal static class DatasetsServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxDatasets(this IServiceCollection services, IConfiguration configuration, string dataDir)
    {
        services.AddOptions<DatasetsOptions>().Bind(configuration.GetSection(DatasetsOptions.Section))
            .Validate(o => o.MaxUploadBytes > 0 && o.MaxUnpackedBytes > 0 && o.MaxFiles > 0 && !string.IsNullOrWhiteSpace(o.ImageRepository),
                "Sandbox:Datasets: limits must be positive and ImageRepository set.")
            .ValidateOnStart();
        services.AddOptions<RegistryOptions>().Bind(configuration.GetSection(RegistryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>();
        services.AddSingleton(new DatasetStaging(dataDir));
        services.AddSingleton(new DatasetLayouts(dataDir));
        services.AddSingleton(new DataImageLayoutWriter());
        services.AddSingleton<DatasetBuildQueue>();
        services.AddSingleton<DatasetLayoutBackfill>();
        services.AddScoped<DatasetCatalog>();
        services.AddScoped<DatasetPreviewer>();
        services.AddSingleton<DatasetPreviewCache>();
        services.AddScoped<DatasetPublisher>();
        services.AddScoped<DatasetCurator>();
        services.AddSingleton<DatasetImageRestore>();

        // The registry's client exists only when one is configured; without it images are loaded into the runtime.
        if (configuration.GetSection(RegistryOptions.Section).Get<RegistryOptions>() is { Enabled: true })
        {
            services.AddSingleton(provider =>
            {
                var registry = provider.GetRequiredService<IOptions<RegistryOptions>>().Value;
                var http = new HttpClient() { Timeout = registry.RequestTimeout };
                return new DataImagePusher(new OciRegistryClient(http, registry.Url!, registry.Username, registry.Password), registry);
            });
        }

        services.AddHostedService<DatasetBuildService>();
        return services;
    }
}
