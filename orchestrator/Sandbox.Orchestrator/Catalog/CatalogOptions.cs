namespace Sandbox.Orchestrator.Catalog;

/// <summary>Notebook profiles and sizes (section <c>Sandbox</c>: <c>Profiles</c> and <c>Sizes</c>, keyed by id).</summary>
internal sealed class CatalogOptions
{
    /// <summary>Profiles by id, for example <c>python</c>.</summary>
    public Dictionary<string, ProfileOptions> Profiles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Sizes by id, for example <c>small</c>.</summary>
    public Dictionary<string, SizeOptions> Sizes { get; set; } = new(StringComparer.Ordinal);
}
