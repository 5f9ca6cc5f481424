using System.Diagnostics;

namespace Sandbox.Testing;

/// <summary>The orchestrator's command line (<c>backup</c>, <c>restore</c>, <c>migrate</c>), as <c>./sandbox</c> runs it, on a data folder.</summary>
public static class OrchestratorCommand
{
    /// <summary>Runs the command to its end (at most three minutes) and returns its exit code and everything it printed.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string dataDir, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [RepositoryPaths.OrchestratorDll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Sandbox__DataDir"] = dataDir;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output + await error);
    }
}
