namespace Sandbox.Orchestrator.Datasets;

/// <summary>Dataset publishing (section <c>Sandbox:Datasets</c>).</summary>
internal sealed class DatasetsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox:Datasets";

    /// <summary>Largest accepted upload (the compressed archive), in bytes. Default 2 GiB.</summary>
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest total of the files once unpacked, in bytes. Default 4 GiB.</summary>
    public long MaxUnpackedBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Most files in one dataset version. Default 20,000.</summary>
    public int MaxFiles { get; set; } = 20_000;

    /// <summary>
    /// Image repository of data images on one engine; a version becomes <c>{ImageRepository}/{installation}/{name}:{version}</c>
    /// (<c>{ImageRepository}/{name}:{version}</c> for an installation older than installation ids). Default <c>sandbox-data</c>.
    /// </summary>
    public string ImageRepository { get; set; } = "sandbox-data";
}
