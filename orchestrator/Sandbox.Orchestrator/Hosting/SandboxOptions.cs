using System.ComponentModel.DataAnnotations;

namespace Sandbox.Orchestrator.Hosting;

/// <summary>Settings of the orchestrator as a whole (section <c>Sandbox</c>).</summary>
internal sealed class SandboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox";

    /// <summary>
    /// Folder of the embedded store, data-protection keys and staged uploads
    /// (<c>Sandbox__DataDir</c>). Default: <c>sandbox</c> under the user's local application data folder.
    /// </summary>
    [Required]
    public string DataDir { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "sandbox");
}
