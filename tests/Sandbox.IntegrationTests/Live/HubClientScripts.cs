using System.Diagnostics;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Live;

/// <summary>
/// tests/hub-client: the Node scripts that use the official SignalR JavaScript client. Installs their packages once per
/// test run (<c>npm ci</c>, from the committed lock file) when node_modules is missing.
/// </summary>
internal static class HubClientScripts
{
    private static readonly SemaphoreSlim Installing = new(1, 1);
    private static bool _installed;

    public static string Folder { get; } = Path.Combine(RepositoryPaths.Root, "tests", "hub-client");

    /// <summary>Makes sure <c>@microsoft/signalr</c> is installed.</summary>
    public static async Task EnsureInstalledAsync()
    {
        await Installing.WaitAsync();
        try
        {
            if (_installed || Directory.Exists(Path.Combine(Folder, "node_modules", "@microsoft", "signalr")))
            {
                _installed = true;
                return;
            }

            using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"])
            {
                WorkingDirectory = Folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("npm did not start (deploy/local/ensure-test-deps.sh installs Node.js and npm).");
            var output = npm.StandardOutput.ReadToEndAsync();
            var error = npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci failed in {Folder}:\n{await output}\n{await error}");
            }

            _installed = true;
        }
        finally
        {
            Installing.Release();
        }
    }
}
