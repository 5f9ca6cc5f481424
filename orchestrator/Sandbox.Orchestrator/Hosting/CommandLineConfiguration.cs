namespace Sandbox.Orchestrator.Hosting;

/// <summary>
/// The settings the orchestrator's commands (<c>backup</c>, <c>restore</c>, <c>migrate</c>) run with: the service's own,
/// appsettings.json beside the program then <c>Sandbox__*</c> environment variables, so they find the same data folder
/// and store as <c>./sandbox up</c>.
/// </summary>
internal static class CommandLineConfiguration
{
    public static IConfigurationRoot Build() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
}
