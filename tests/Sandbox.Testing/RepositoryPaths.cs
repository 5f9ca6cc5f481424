namespace Sandbox.Testing;

/// <summary>Where the repository and the built orchestrator are, seen from the test assembly.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The orchestrator built in the same configuration as these tests (it is a project reference).</summary>
    public static string OrchestratorDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                ? "Release" : "Debug";
            var dll = Path.Combine(Root, "orchestrator", "Sandbox.Orchestrator", "bin", configuration, "net10.0", "Sandbox.Orchestrator.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the orchestrator first.", dll);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sandbox.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Sandbox.sln not found above " + AppContext.BaseDirectory);
    }
}
