namespace Sandbox.Orchestrator.Backup;

/// <summary>
/// What a backup holds (<c>sandbox-backup.json</c>, the archive's last entry): every other entry with its size and
/// SHA-256, so a restore refuses a damaged or incomplete archive before it replaces anything.
/// </summary>
/// <param name="Format">The archive's format version (<see cref="CurrentFormat"/>).</param>
/// <param name="CreatedAt">When the backup was made.</param>
/// <param name="StoreSchema">The store's newest applied migration at the time.</param>
/// <param name="Entries">Every entry but the manifest, by its path in the archive.</param>
internal sealed record BackupManifest(int Format, DateTimeOffset CreatedAt, string StoreSchema, IReadOnlyList<BackupEntry> Entries)
{
    public const int CurrentFormat = 1;
    public const string EntryName = "sandbox-backup.json";

    /// <summary>The embedded store's file in the archive.</summary>
    public const string StoreEntry = "store/sandbox.db";
}

/// <summary>One file of a backup: its path in the archive (also its path under the data folder, but for the store), size and SHA-256 (hex).</summary>
internal sealed record BackupEntry(string Path, long Size, string Sha256);
