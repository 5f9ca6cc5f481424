using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Installation;
using Sandbox.Runtime;
using Sandbox.Orchestrator.Hosting;

namespace Sandbox.Orchestrator.Store;

/// <summary>Registers the store on the configured provider.</summary>
internal static class StoreServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StoreOptions>().Bind(configuration.GetSection(StoreOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Provider != "postgres" || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Sandbox:Store:ConnectionString is required when Sandbox:Store:Provider is 'postgres'.")
            .ValidateOnStart();

        services.AddDbContext<SandboxDbContext>((provider, options) =>
        {
            var store = provider.GetRequiredService<IOptions<StoreOptions>>().Value;
            var dataDir = provider.GetRequiredService<IOptions<SandboxOptions>>().Value.DataDir;
            if (store.Provider == "postgres")
            {
                options.UseNpgsql(store.ConnectionString);
            }
            else
            {
                options.UseSqlite(store.ConnectionString ?? $"Data Source={Path.Combine(dataDir, StoreOptions.SqliteFile)};Pooling=True");
            }

            // The migrations are hand-written (no design-time tools here), so there is no model snapshot to compare with;
            // StoreSchemaTests checks the migrated schema against the model instead.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

            // Capabilities that follow store writes (the live updates) register interceptors; singletons, like these options.
            options.AddInterceptors(provider.GetServices<IInterceptor>());
        }, optionsLifetime: ServiceLifetime.Singleton); // built once, not per request (it showed as 10 % of a proxied request's CPU)
        services.AddSingleton<StoreMigrator>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreMigrator>());

        // Right after the migrations, before anything asks the runtime to act: the runtime names and labels with it.
        services.TryAddSingleton<RuntimeInstallation>();
        services.AddHostedService<InstallationAtStart>();
        return services;
    }

    /// <summary>
    /// Ends the store's first-start set-up: register after the last seeder, so replicas starting together wait for each
    /// other's set-up only, not for each other's whole start.
    /// </summary>
    public static IServiceCollection AddSandboxStoreSetupEnd(this IServiceCollection services) =>
        services.AddHostedService<StoreSetupEnd>();
}
