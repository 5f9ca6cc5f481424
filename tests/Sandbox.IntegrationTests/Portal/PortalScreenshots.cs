using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Portal;

/// <summary>Where the browser tests save the README's screenshots of the main pages.</summary>
internal static class PortalScreenshots
{
    public static string PathOf(string name) => Path.Combine(RepositoryPaths.Root, "docs", "screenshots", name + ".png");
}
