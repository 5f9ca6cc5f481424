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
        services.AddSingleton(new DatasetStaging(dataDir));
        services.AddSingleton<DatasetBuildQueue>();
        services.AddScoped<DatasetCatalog>();
        services.AddScoped<DatasetPreviewer>();
        services.AddSingleton<DatasetPreviewCache>();
        services.AddScoped<DatasetPublisher>();
        services.AddScoped<DatasetCurator>();
        services.AddHostedService<DatasetBuildService>();
        return services;
    }
}
