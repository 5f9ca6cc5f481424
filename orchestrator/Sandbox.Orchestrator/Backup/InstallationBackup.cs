using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Sandbox.Orchestrator.Backup;

/// <summary>
/// Writes a backup of an embedded installation to one <c>.tar.gz</c>, consistent while the orchestrator runs: the store
/// through SQLite's online backup (a snapshot of one moment, whatever is written meanwhile), then the key ring's files
/// and the datasets' layouts (written once and never changed), then <see cref="BackupManifest"/>. The archive is written
/// beside its name and renamed at the end, so a cut-short backup never looks like a whole one.
/// </summary>
internal sealed class InstallationBackup(string dataDir, string storeConnectionString, TextWriter progress, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<BackupManifest> WriteAsync(string file, CancellationToken cancellationToken)
    {
        var partial = file + ".partial";
        var snapshot = Path.Combine(Path.GetTempPath(), $"sandbox-backup-{Guid.NewGuid():N}.db");
        try
        {
            // 1. The store, as of one moment.
            await progress.WriteLineAsync("sandbox: backup: copying the store (SQLite online backup)...");
            var schema = SnapshotStore(snapshot);
            var entries = new List<BackupEntry>();
            await using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
            await using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
            {
                entries.Add(await AddFileAsync(tar, snapshot, BackupManifest.StoreEntry, cancellationToken));

                // 2. The key ring and the datasets' layouts, file by file.
                foreach (var folder in BackupLayout.Folders)
                {
                    var root = Path.Combine(dataDir, folder);
                    if (!Directory.Exists(root))
                    {
                        continue;
                    }

                    var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
                    await progress.WriteLineAsync($"sandbox: backup: {folder}: {files.Count} files, {Megabytes(files.Sum(f => new FileInfo(f).Length))}...");
                    foreach (var path in files)
                    {
                        entries.Add(await AddFileAsync(tar, path, Path.GetRelativePath(dataDir, path).Replace(Path.DirectorySeparatorChar, '/'), cancellationToken));
                    }
                }

                // 3. What it holds, last.
                var manifest = new BackupManifest(BackupManifest.CurrentFormat, clock.GetUtcNow(), schema, entries);
                var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
                var entry = new PaxTarEntry(TarEntryType.RegularFile, BackupManifest.EntryName) { DataStream = new MemoryStream(bytes) };
                await tar.WriteEntryAsync(entry, cancellationToken);
                await output.FlushAsync(cancellationToken);
                output.Flush(flushToDisk: true);
                File.Move(partial, file, overwrite: true);
                await progress.WriteLineAsync($"sandbox: backup: wrote {file} ({Megabytes(new FileInfo(file).Length)}; store schema {schema}, {entries.Count} files)");
                return manifest;
            }
        }
        finally
        {
            File.Delete(snapshot);
            File.Delete(partial);
        }
    }

    private string SnapshotStore(string snapshot)
    {
        using var source = new SqliteConnection(storeConnectionString);
        source.Open();
        using (var destination = new SqliteConnection($"Data Source={snapshot};Pooling=False"))
        {
            destination.Open();
            source.BackupDatabase(destination);
        }

        using var schema = source.CreateCommand();
        schema.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1";
        return schema.ExecuteScalar() as string ?? throw new InvalidOperationException("The store has no schema yet: start the orchestrator once before backing it up.");
    }

    private static async Task<BackupEntry> AddFileAsync(TarWriter tar, string path, string name, CancellationToken cancellationToken)
    {
        // Hashed, then written: the tar entry needs the file's length first, and the manifest its hash.
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true);
        var sha = await SHA256.HashDataAsync(file, cancellationToken);
        file.Position = 0;
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = file }, cancellationToken);
        return new BackupEntry(name, file.Length, Convert.ToHexStringLower(sha));
    }

    private static string Megabytes(long bytes) => $"{bytes / 1048576.0:0.0} MiB";
}
