using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Sandbox.Testing;

namespace Sandbox.Deploy.Tests;

/// <summary>
/// Renders the overlays of deploy/kubernetes with <c>kubectl kustomize</c>, once per test run each. The tree is copied
/// to a temporary folder first and every secret file is made from its committed <c>*.example</c>, as an operator does
/// before applying (the real secret files are kept out of git, and a local one is never read by the tests).
/// </summary>
internal static partial class KubernetesOverlays
{
    /// <summary>Every overlay in the repository.</summary>
    public static readonly string[] Names = ["dev", "production", "gpu"];

    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedOverlay>>> Rendered = new();

    /// <summary>The deploy/kubernetes folder of the repository.</summary>
    public static string Folder { get; } = Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes");

    /// <summary>The overlay rendered (and parsed).</summary>
    public static Task<RenderedOverlay> RenderAsync(string name) =>
        Rendered.GetOrAdd(name, n => new Lazy<Task<RenderedOverlay>>(() => RenderFreshAsync(n))).Value;

    private static async Task<RenderedOverlay> RenderFreshAsync(string name)
    {
        await EnsureKustomizeV5Async();
        var copy = Directory.CreateTempSubdirectory("sandbox-kustomize-");
        try
        {
            CopyWithExampleSecrets(Folder, copy.FullName);
            var run = (await ToolRun.RunAsync("kubectl", ["kustomize", Path.Combine(copy.FullName, "overlays", name)]))
                .EnsureSucceeded($"kubectl kustomize overlays/{name}");
            return new RenderedOverlay(name, run.Output, await ManifestScripts.ToDocumentsAsync(run.Output));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static void CopyWithExampleSecrets(string from, string to)
    {
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var isSecretFolder = Path.GetFileName(Path.GetDirectoryName(file)) == "secrets";
            if (isSecretFolder && relative.EndsWith(".example", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(to, relative[..^".example".Length]), overwrite: true);
            }
            else if (!isSecretFolder)
            {
                File.Copy(file, Path.Combine(to, relative));
            }
        }
    }

    private static async Task EnsureKustomizeV5Async()
    {
        var version = (await ToolRun.RunAsync("kubectl", ["version", "--client"])).EnsureSucceeded("kubectl version --client");
        var match = KustomizeVersion().Match(version.Output);
        if (!match.Success || int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 5)
        {
            throw new InvalidOperationException(
                $"kubectl with kustomize v5 or later is needed to render deploy/kubernetes (kubectl 1.27+); this one says:\n{version.Output}");
        }
    }

    [GeneratedRegex(@"Kustomize Version: v(\d+)\.")]
    private static partial Regex KustomizeVersion();
}
