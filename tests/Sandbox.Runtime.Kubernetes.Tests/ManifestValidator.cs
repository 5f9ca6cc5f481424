using System.Diagnostics;
using Sandbox.Testing;

namespace Sandbox.Runtime.Kubernetes.Tests;

/// <summary>
/// tests/manifests/validate.mjs: checks manifests against the official Kubernetes schemas (kubernetes-models, offline).
/// Installs its packages once per test run (<c>npm ci</c>, from the committed lock file) when node_modules is missing.
/// </summary>
internal static class ManifestValidator
{
    private static readonly SemaphoreSlim Installing = new(1, 1);
    private static bool _installed;

    public static string Folder { get; } = Path.Combine(RepositoryPaths.Root, "tests", "manifests");

    /// <summary>Runs <c>node validate.mjs</c> on the files; returns its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> ValidateAsync(params string[] files)
    {
        await EnsureInstalledAsync();
        var (code, output, error) = await RunAsync("node", ["validate.mjs", .. files]);
        return (code, output + error);
    }

    private static async Task EnsureInstalledAsync()
    {
        await Installing.WaitAsync();
        try
        {
            if (_installed || Directory.Exists(Path.Combine(Folder, "node_modules", "kubernetes-models")))
            {
                _installed = true;
                return;
            }

            var (code, output, error) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"]);
            if (code != 0)
            {
                throw new InvalidOperationException($"npm ci failed in {Folder}:\n{output}\n{error}");
            }

            _installed = true;
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string program, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"{program} did not start (deploy/local/ensure-test-deps.sh installs Node.js and npm).");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
