using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Sandbox.Orchestrator.Store;
using Sandbox.Testing.Containers;

namespace Sandbox.Orchestrator.Tests.Store;

/// <summary>
/// Upgrades from every earlier schema version with data in it, on SQLite and on a real PostgreSQL: a store migrated to
/// version k gets a row in every table it has (each column filled after its type, foreign keys not enforced while
/// filling), then is migrated to the newest version; every migration must run on tables that are not empty (a column
/// added NOT NULL without a default fails there), and every row must still be there.
/// </summary>
public sealed class StoreUpgradeTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    public static TheoryData<string> EarlierVersions()
    {
        var data = new TheoryData<string>();
        foreach (var id in Sandbox.Orchestrator.Backup.BackupLayout.KnownMigrations.SkipLast(1))
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EarlierVersions))]
    public async Task A_sqlite_store_with_data_at_an_earlier_version_upgrades_to_the_newest_keeping_every_row(string version)
    {
        var dir = Directory.CreateTempSubdirectory("sandbox-upgrade-").FullName;
        try
        {
            var connection = $"Data Source={Path.Combine(dir, "s.db")};Foreign Keys=False;Pooling=False";
            var options = new DbContextOptionsBuilder<SandboxDbContext>().UseSqlite(connection)
                .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
            await UpgradeWithDataAsync(options, version,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock')",
                "SELECT name, type, \"notnull\" FROM pragma_table_info(@table)",
                beforeFilling: null);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(EarlierVersions))]
    public async Task A_postgresql_store_with_data_at_an_earlier_version_upgrades_to_the_newest_keeping_every_row(string version)
    {
        var options = new DbContextOptionsBuilder<SandboxDbContext>()
            .UseNpgsql(postgres.ConnectionStringFor(PostgresServerFixture.NewDatabaseName("sandbox_upgrade_")))
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
        try
        {
            await UpgradeWithDataAsync(options, version,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '__EFMigrationsHistory'",
                "SELECT column_name, data_type, CASE WHEN is_nullable = 'NO' AND column_default IS NULL THEN 1 ELSE 0 END FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table",
                beforeFilling: "SET session_replication_role = replica"); // foreign keys are not checked while filling
        }
        finally
        {
            await using var db = new SandboxDbContext(options);
            await db.Database.EnsureDeletedAsync();
        }
    }

    private static async Task UpgradeWithDataAsync(DbContextOptions<SandboxDbContext> options, string version, string tablesQuery, string columnsQuery, string? beforeFilling)
    {
        // 1. The schema as it was at that version, and a row in each of its tables.
        var filled = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var db = new SandboxDbContext(options))
        {
            await db.GetService<IMigrator>().MigrateAsync(version);
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            if (beforeFilling is not null)
            {
                await ExecuteAsync(connection, beforeFilling);
            }

            foreach (var table in await ReadAsync(connection, tablesQuery, r => r.GetString(0)))
            {
                var columns = await ReadAsync(connection, columnsQuery, r => (Name: r.GetString(0), Type: r.GetString(1), Required: Convert.ToInt64(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture) == 1), ("@table", table));
                await InsertRowAsync(connection, table, columns);
                filled[table] = await CountAsync(connection, table);
            }
        }

        Assert.NotEmpty(filled);

        // 2. The newest schema over it: every migration runs, every row stays.
        await using (var db = new SandboxDbContext(options))
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            var tables = await ReadAsync(connection, tablesQuery, r => r.GetString(0));
            foreach (var (table, count) in filled.Where(f => tables.Contains(f.Key)))
            {
                Assert.True(await CountAsync(connection, table) == count, $"{table} lost rows upgrading from {version}.");
            }
        }
    }

    private static async Task InsertRowAsync(DbConnection connection, string table, IReadOnlyList<(string Name, string Type, bool Required)> columns)
    {
        await using var insert = connection.CreateCommand();
        var names = columns.Select(c => $"\"{c.Name}\"").ToList();
        insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", names)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        for (var i = 0; i < columns.Count; i++)
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            parameter.Value = ValueFor(columns[i].Type, $"{table}-{columns[i].Name}");
            insert.Parameters.Add(parameter);
        }

        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>A value of the column's type (SQLite's declared type or PostgreSQL's data type).</summary>
    private static object ValueFor(string type, string text) => type.ToLowerInvariant() switch
    {
        var t when t.Contains("int", StringComparison.Ordinal) => 1,
        var t when t.Contains("bool", StringComparison.Ordinal) => true,
        var t when t.Contains("numeric", StringComparison.Ordinal) || t.Contains("real", StringComparison.Ordinal) || t.Contains("double", StringComparison.Ordinal) => 1.5m,
        var t when t.Contains("timestamp", StringComparison.Ordinal) => new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc),
        var t when t.Contains("bytea", StringComparison.Ordinal) || t.Contains("blob", StringComparison.Ordinal) => new byte[] { 1 },
        _ => text,
    };

    private static async Task<long> CountAsync(DbConnection connection, string table)
    {
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT count(*) FROM \"{table}\"";
        return Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<T>> ReadAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
