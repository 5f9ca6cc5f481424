namespace Sandbox.Orchestrator.Datasets;

/// <summary>Where uploads and build contexts wait on disk: <c>{DataDir}/datasets/staging</c>.</summary>
internal sealed class DatasetStaging(string dataDir)
{
    public string Folder { get; } = Directory.CreateDirectory(Path.Combine(dataDir, "datasets", "staging")).FullName;

    /// <summary>A fresh path for an upload.</summary>
    public string NewUploadPath() => Path.Combine(Folder, $"{Guid.NewGuid():N}.upload");

    /// <summary>The build context of a dataset version (survives a restart, so an interrupted build can resume).</summary>
    public string ContextPath(long datasetVersionId) => Path.Combine(Folder, $"version-{datasetVersionId}.context.tar");

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
