namespace Sandbox.Orchestrator.Datasets;

/// <summary>Where uploads, staged files and layouts being written wait on disk: <c>{DataDir}/datasets/staging</c>.</summary>
internal sealed class DatasetStaging(string dataDir)
{
    public string Folder { get; } = Directory.CreateDirectory(Path.Combine(dataDir, "datasets", "staging")).FullName;

    /// <summary>A fresh path for an upload.</summary>
    public string NewUploadPath() => Path.Combine(Folder, $"{Guid.NewGuid():N}.upload");

    /// <summary>A temporary folder for a data image layout being written.</summary>
    public string NewLayoutPath() => Path.Combine(Folder, $"{Guid.NewGuid():N}.layout.tmp");

    /// <summary>A temporary path for a build context being written.</summary>
    public string NewContextPath() => Path.Combine(Folder, $"{Guid.NewGuid():N}.context.tmp");

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
