using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sandbox.Orchestrator.Store;
using Sandbox.Testing.Containers;

namespace Sandbox.Orchestrator.Tests.Sessions;

/// <summary>Runs a test against a freshly migrated store of its own, on SQLite or on the class's PostgreSQL, and removes it after.</summary>
internal static class MigratedStores
{
    /// <summary>A SQLite file in a new temporary folder whose name starts with <paramref name="folderPrefix"/>.</summary>
    public static async Task OnSqliteAsync(string folderPrefix, Func<DbContextOptions<SandboxDbContext>, Task> test)
    {
        var dir = Directory.CreateTempSubdirectory(folderPrefix).FullName;
        try
        {
            var options = Configure(new DbContextOptionsBuilder<SandboxDbContext>().UseSqlite($"Data Source={Path.Combine(dir, "s.db")}"));
            await MigrateAsync(options);
            await test(options);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A new database on <paramref name="postgres"/> whose name starts with <paramref name="databasePrefix"/>.</summary>
    public static async Task OnPostgresAsync(PostgresServerFixture postgres, string databasePrefix, Func<DbContextOptions<SandboxDbContext>, Task> test)
    {
        var options = Configure(new DbContextOptionsBuilder<SandboxDbContext>()
            .UseNpgsql(postgres.ConnectionStringFor(PostgresServerFixture.NewDatabaseName(databasePrefix))));
        try
        {
            await MigrateAsync(options);
            await test(options);
        }
        finally
        {
            await using var db = new SandboxDbContext(options);
            await db.Database.EnsureDeletedAsync();
        }
    }

    private static DbContextOptions<SandboxDbContext> Configure(DbContextOptionsBuilder<SandboxDbContext> builder) =>
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;

    private static async Task MigrateAsync(DbContextOptions<SandboxDbContext> options)
    {
        await using var db = new SandboxDbContext(options);
        await db.Database.MigrateAsync();
    }
}
