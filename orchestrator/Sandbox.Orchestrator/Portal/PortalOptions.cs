namespace Sandbox.Orchestrator.Portal;

/// <summary>Where the portal's built files are (section <c>Sandbox:Portal</c>).</summary>
internal sealed class PortalOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox:Portal";

    /// <summary>
    /// Folder holding the portal's built files, <c>index.html</c> at its top (<c>Sandbox__Portal__Root</c>). Default: the
    /// <c>portal/dist</c> folder of the repository the orchestrator runs from (found by walking up from the program's
    /// folder), which <c>npm run build</c> in <c>portal/</c> writes.
    /// </summary>
    public string? Root { get; set; }
}
