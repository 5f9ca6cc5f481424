namespace Sandbox.Orchestrator.Datasets;

/// <summary>
/// Where data images are kept as OCI image layouts, the source of truth of every published version:
/// <c>{DataDir}/datasets/images/{name}/{version}/</c>. Names and versions are validated to a narrow alphabet, so they
/// are safe as folder names.
/// </summary>
internal sealed class DatasetLayouts(string dataDir)
{
    public string Folder { get; } = Directory.CreateDirectory(Path.Combine(dataDir, "datasets", "images")).FullName;

    /// <summary>The layout of a dataset version.</summary>
    public string FolderFor(string name, string version) => Path.Combine(Folder, name, version);

    /// <summary>Removes a version's layout; gone already is fine.</summary>
    public void Delete(string name, string version) => DeleteFolder(FolderFor(name, version));

    /// <summary>Moves a finished layout into place, replacing what a failed version of the same name left.</summary>
    public string Adopt(string writtenFolder, string name, string version)
    {
        var target = FolderFor(name, version);
        DeleteFolder(target);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Directory.Move(writtenFolder, target);
        return target;
    }

    public static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Gone already.
        }
        catch (IOException)
        {
            // Best effort: a leftover layout of a failed version is replaced when it is published again.
        }
    }
}
