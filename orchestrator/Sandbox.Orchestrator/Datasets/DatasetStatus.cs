namespace Sandbox.Orchestrator.Datasets;

/// <summary>The wire names of a dataset version's publishing status.</summary>
internal static class DatasetStatus
{
    /// <summary>The data image is being built.</summary>
    public const string Building = "building";

    /// <summary>Built; sessions may mount it.</summary>
    public const string Published = "published";

    /// <summary>
    /// The build failed; see the reason. Nothing was left: no layout, no staged files, no image where sessions run, no
    /// manifest in the registry. Shown only to admins; publishing the same version again replaces it.
    /// </summary>
    public const string Failed = "failed";
}
