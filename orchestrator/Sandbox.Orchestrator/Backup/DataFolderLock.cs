namespace Sandbox.Orchestrator.Backup;

/// <summary>
/// One process at a time on an embedded store's data folder: the orchestrator holds this lock while it runs, and a
/// restore takes it before it replaces anything (so it never writes under a running orchestrator). An exclusive open
/// of <c>orchestrator.lock</c> (an advisory <c>flock</c> on Linux): the operating system releases it when the process
/// ends, however it ends.
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    public const string FileName = "orchestrator.lock";

    private readonly FileStream _file;

    private DataFolderLock(FileStream file) => _file = file;

    /// <summary>The lock, or null when another process holds it.</summary>
    public static DataFolderLock? TryAcquire(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        try
        {
            var file = new FileStream(Path.Combine(dataDir, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
            file.Write(pid);
            file.Flush();
            return new DataFolderLock(file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Which process holds the lock, as it wrote it (for the message that says so).</summary>
    public static string HolderOf(string dataDir)
    {
        try
        {
            using var file = new FileStream(Path.Combine(dataDir, FileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(file);
            return reader.ReadLine() is { Length: > 0 } pid ? $"process {pid}" : "another process";
        }
        catch (IOException)
        {
            return "another process";
        }
    }

    public void Dispose() => _file.Dispose();
}
