namespace Sandbox.Orchestrator.Portal;

/// <summary>
/// Finds the portal's built files. The orchestrator runs from its build folder inside the repository (<c>./sandbox up</c>,
/// the tests), so the default is the repository's <c>portal/dist</c>: serving it in place means a portal rebuild needs no
/// orchestrator rebuild, and the .NET build does not depend on Node.
/// </summary>
internal static class PortalRoot
{
    public static string Resolve(string? configured, string startFolder)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        for (var folder = new DirectoryInfo(startFolder); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "portal", "package.json")))
            {
                return Path.Combine(folder.FullName, "portal", "dist");
            }
        }

        // Not inside the repository (a published copy): the files are expected beside the program.
        return Path.Combine(startFolder, "portal");
    }
}
