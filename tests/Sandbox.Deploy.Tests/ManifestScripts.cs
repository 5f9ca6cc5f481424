using System.Text.Json.Nodes;
using Sandbox.Testing;

namespace Sandbox.Deploy.Tests;

/// <summary>
/// tests/manifests: <c>validate.mjs</c> (Kubernetes manifests against the official schemas, through kubernetes-models)
/// and <c>to-json.mjs</c> (YAML documents as a JSON array). Installs their packages once per test run (<c>npm ci</c>,
/// from the committed lock file) when node_modules is missing.
/// </summary>
internal static class ManifestScripts
{
    private static readonly SemaphoreSlim Installing = new(1, 1);
    private static bool _installed;

    /// <summary>The folder of the scripts.</summary>
    public static string Folder { get; } = Path.Combine(RepositoryPaths.Root, "tests", "manifests");

    /// <summary>Runs <c>validate.mjs</c> on YAML text given on its standard input.</summary>
    public static async Task<ToolRun> ValidateAsync(string yaml)
    {
        await EnsureInstalledAsync();
        return await ToolRun.RunAsync("node", [Path.Combine(Folder, "validate.mjs"), "-"], Folder, yaml);
    }

    /// <summary>Parses YAML text (several documents allowed) into its documents.</summary>
    public static async Task<IReadOnlyList<JsonObject>> ToDocumentsAsync(string yaml)
    {
        await EnsureInstalledAsync();
        var run = (await ToolRun.RunAsync("node", [Path.Combine(Folder, "to-json.mjs"), "-"], Folder, yaml)).EnsureSucceeded("to-json.mjs");
        return JsonNode.Parse(run.Output)!.AsArray().Select(document => document!.AsObject()).ToList();
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

            (await ToolRun.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], Folder)).EnsureSucceeded($"npm ci in {Folder}");
            _installed = true;
        }
        finally
        {
            Installing.Release();
        }
    }
}
