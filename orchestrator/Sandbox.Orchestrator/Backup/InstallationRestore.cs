using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace Sandbox.Orchestrator.Backup;

/// <summary>
/// Restores a backup made by <see cref="InstallationBackup"/> into an embedded installation's data folder, with no
/// orchestrator running on it (it holds <see cref="DataFolderLock"/> throughout). Everything is unpacked aside and
/// checked against the manifest (every entry present, sizes and SHA-256 equal, a schema this build knows) before anything
/// is replaced; what was there is moved to <c>replaced-{time}/</c> (only with <c>force</c>), never deleted.
/// </summary>
internal sealed class InstallationRestore(string dataDir, TextWriter progress, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<BackupManifest> RestoreAsync(string file, bool force, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            throw new BackupRefused($"{file}: no such file.");
        }

        using var held = DataFolderLock.TryAcquire(dataDir)
            ?? throw new BackupRefused($"{dataDir}: an orchestrator ({DataFolderLock.HolderOf(dataDir)}) is running on this data folder; stop it before restoring.");
        var present = BackupLayout.StoreFiles.Append(BackupLayout.KeysFolder).Append(BackupLayout.LayoutsFolder)
            .Where(p => File.Exists(Path.Combine(dataDir, p)) || (Directory.Exists(Path.Combine(dataDir, p)) && Directory.EnumerateFileSystemEntries(Path.Combine(dataDir, p)).Any()))
            .ToList();
        if (present.Count > 0 && !force)
        {
            throw new BackupRefused($"{dataDir} already holds an installation ({string.Join(", ", present)}): restore into an empty data folder, or pass --force to move what is there aside (to replaced-<time>/) first.");
        }

        // 1. Unpacked aside and checked.
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var staging = Path.Combine(dataDir, $".restoring-{stamp}");
        try
        {
            var manifest = await UnpackAsync(file, staging, cancellationToken);

            // 2. What is there moves aside, what was unpacked moves in.
            if (present.Count > 0)
            {
                var aside = Path.Combine(dataDir, $"replaced-{stamp}");
                foreach (var path in present)
                {
                    Move(Path.Combine(dataDir, path), Path.Combine(aside, path));
                }

                await progress.WriteLineAsync($"sandbox: restore: moved what was in {dataDir} to {aside}");
            }

            Move(Path.Combine(staging, BackupManifest.StoreEntry), Path.Combine(dataDir, BackupLayout.StoreFile));
            foreach (var folder in BackupLayout.Folders)
            {
                if (Directory.Exists(Path.Combine(staging, folder)))
                {
                    Move(Path.Combine(staging, folder), Path.Combine(dataDir, folder));
                }
            }

            await progress.WriteLineAsync($"sandbox: restore: restored {manifest.Entries.Count} files from {file} (made {manifest.CreatedAt:u}, store schema {manifest.StoreSchema}) into {dataDir}; the orchestrator loads the datasets' images from their layouts when it starts");
            return manifest;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private async Task<BackupManifest> UnpackAsync(string file, string staging, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(staging);
        var seen = new Dictionary<string, (long Size, string Sha256)>(StringComparer.Ordinal);
        BackupManifest? manifest = null;
        await progress.WriteLineAsync($"sandbox: restore: reading {file}...");
        try
        {
            await using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using var gzip = new GZipStream(input, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    continue;
                }

                if (entry.Name == BackupManifest.EntryName)
                {
                    manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(entry.DataStream, Json, cancellationToken)
                        ?? throw new BackupRefused($"{file}: entry {BackupManifest.EntryName} is empty.");
                    continue;
                }

                var target = Path.GetFullPath(Path.Combine(staging, entry.Name));
                if (!target.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new BackupRefused($"{file}: entry {entry.Name} points outside the data folder: this is not a Sandbox backup.");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                long size = 0;
                int read;
                while ((read = await entry.DataStream.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    size += read;
                }

                seen[entry.Name] = (size, Convert.ToHexStringLower(sha.GetHashAndReset()));
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or JsonException)
        {
            throw new BackupRefused($"{file}: not a readable Sandbox backup ({e.Message}).");
        }

        // Whole, undamaged, and of a schema this build can run.
        if (manifest is null)
        {
            throw new BackupRefused($"{file}: no {BackupManifest.EntryName}: the archive is not a Sandbox backup, or it was cut short.");
        }

        if (manifest.Format != BackupManifest.CurrentFormat)
        {
            throw new BackupRefused($"{file}: backup format {manifest.Format}; this Sandbox reads format {BackupManifest.CurrentFormat}.");
        }

        foreach (var expected in manifest.Entries)
        {
            if (!seen.TryGetValue(expected.Path, out var found))
            {
                throw new BackupRefused($"{file}: entry {expected.Path} is listed in the manifest but missing: the archive is incomplete.");
            }

            if (found.Size != expected.Size || found.Sha256 != expected.Sha256)
            {
                throw new BackupRefused($"{file}: entry {expected.Path} differs from the manifest (size {found.Size}, expected {expected.Size}; checksum {(found.Sha256 == expected.Sha256 ? "equal" : "different")}): the archive is damaged.");
            }
        }

        if (!seen.ContainsKey(BackupManifest.StoreEntry))
        {
            throw new BackupRefused($"{file}: no store ({BackupManifest.StoreEntry}) in the archive.");
        }

        if (!BackupLayout.KnownMigrations.Contains(manifest.StoreSchema))
        {
            throw new BackupRefused($"{file}: its store schema {manifest.StoreSchema} is not one this Sandbox knows (newest here: {BackupLayout.KnownMigrations[^1]}): restore it with the Sandbox that made it, or a newer one.");
        }

        return manifest;
    }

    private static void Move(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        if (Directory.Exists(to) && !Directory.EnumerateFileSystemEntries(to).Any())
        {
            Directory.Delete(to); // an empty folder the orchestrator made: nothing to keep
        }

        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else if (File.Exists(from))
        {
            File.Move(from, to);
        }
    }
}
