using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Sandbox.Orchestrator.Backup;

/// <summary>
/// Where an embedded installation keeps what a backup holds, and what this build's store schema is: the store
/// (<c>sandbox.db</c>, with its <c>-wal</c> and <c>-shm</c>), the key ring's files (<c>keys/</c>) and the datasets' OCI
/// layouts (<c>datasets/images/</c>). Staged uploads, logs and the notebooks' home volumes are not in it.
/// </summary>
internal static class BackupLayout
{
    public const string StoreFile = Store.StoreOptions.SqliteFile;
    public const string KeysFolder = "keys";
    public static readonly string LayoutsFolder = Path.Combine("datasets", "images");

    /// <summary>The folders copied file by file, relative to the data folder (archive paths use '/').</summary>
    public static readonly string[] Folders = [KeysFolder, LayoutsFolder];

    /// <summary>The store's files that a restore replaces (the write-ahead log and its index belong to the old file).</summary>
    public static readonly string[] StoreFiles = [StoreFile, StoreFile + "-wal", StoreFile + "-shm"];

    /// <summary>The migrations this build knows, oldest first.</summary>
    public static IReadOnlyList<string> KnownMigrations { get; } = typeof(BackupLayout).Assembly.GetTypes()
        .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id).OfType<string>().Order(StringComparer.Ordinal).ToList();
}
