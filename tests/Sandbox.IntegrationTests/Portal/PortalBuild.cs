using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Portal;

/// <summary>The portal's build output the orchestrator serves in these tests (./sandbox test builds it first).</summary>
internal static class PortalBuild
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "portal");

    public static string Dist => Path.Combine(Folder, "dist");

    /// <summary>Fails with how to build it when the portal is not built.</summary>
    public static void EnsureBuilt()
    {
        if (!File.Exists(Path.Combine(Dist, "index.html")))
        {
            throw new InvalidOperationException(
                $"The portal is not built in {Dist}: run `cd portal && npm ci && npm run build` (./sandbox test does it).");
        }
    }
}
