namespace Sandbox.Orchestrator.Datasets;

/// <summary>Registers the dataset catalog and publishing.</summary>
internal static class DatasetsServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxDatasets(this IServiceCollection services, IConfiguration configuration, string dataDir)
    {
        services.AddScoped<DatasetCatalog>();
        return services;
    }
}
