namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Where uploads, staged files and layouts being written wait on disk: <c>{DataDir}/datasets/staging</c>. The staged
/// files of an accepted version wait there under a name tied to the version (<see cref="StagedFilesFor"/>) until its
/// build has written the layout; everything else there is temporary and removed at the next start.
/// </summary>
internal sealed class DatasetStaging(string dataDir)
{
    /// <summary>How the staged files of an accepted version end: <c>{name}@{version}.context</c>.</summary>
    public const string StagedFilesSuffix = ".context";

    public string Folder { get; } = Directory.CreateDirectory(Path.Combine(dataDir, "datasets", "staging")).FullName;

    /// <summary>A fresh path for an upload.</summary>
    public string NewUploadPath() => Path.Combine(Folder, $"{Guid.NewGuid():N}.upload");

    /// <summary>A temporary folder for a data image layout being written.</summary>
    public string NewLayoutPath() => Path.Combine(Folder, $"{Guid.NewGuid():N}.layout.tmp");

    /// <summary>A temporary path for a build context being written.</summary>
    public string NewContextPath() => Path.Combine(Folder, $"{Guid.NewGuid():N}.context.tmp");

    /// <summary>
    /// The validated build context of an accepted version, waiting for its build. It is moved here only once complete,
    /// so a file at this path is whole. Names and versions are validated to a narrow alphabet without <c>@</c>.
    /// </summary>
    public string StagedFilesFor(string name, string version) => Path.Combine(Folder, $"{name}@{version}{StagedFilesSuffix}");

    /// <summary>Moves a complete build context to the version's staged files, replacing what a failed attempt left.</summary>
    public void Keep(string writtenContext, string name, string version) => File.Move(writtenContext, StagedFilesFor(name, version), overwrite: true);

    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: staging leftovers are harmless and removed at the next start.
        }
    }
}
