using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;
using Sandbox.Testing.Containers;

namespace Sandbox.Orchestrator.Tests.Store;

/// <summary>
/// The hand-written migrations must produce exactly the schema the model maps, on SQLite and on a real PostgreSQL
/// (a throwaway server for this class, <see cref="PostgresServerFixture"/>; a database per test).
/// </summary>
public sealed class StoreSchemaTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task Migrations_create_the_mapped_schema_on_sqlite()
    {
        var dir = Directory.CreateTempSubdirectory("sandbox-schema-").FullName;
        try
        {
            var options = new DbContextOptionsBuilder<SandboxDbContext>()
                .UseSqlite($"Data Source={Path.Combine(dir, "s.db")}")
                .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
            await AssertMigratedSchemaMatchesModelAsync(options, "SELECT name FROM pragma_table_info(@table)");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Migrations_create_the_mapped_schema_on_postgresql()
    {
        var connection = postgres.ConnectionStringFor(PostgresServerFixture.NewDatabaseName("sandbox_schema_"));
        var options = new DbContextOptionsBuilder<SandboxDbContext>()
            .UseNpgsql(connection)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
        try
        {
            await AssertMigratedSchemaMatchesModelAsync(options,
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table");
        }
        finally
        {
            await using var db = new SandboxDbContext(options);
            await db.Database.EnsureDeletedAsync();
        }
    }

    private static async Task AssertMigratedSchemaMatchesModelAsync(DbContextOptions<SandboxDbContext> options, string columnsQuery)
    {
        // 1. Migrate twice: the second time must find nothing to do.
        await using (var db = new SandboxDbContext(options))
        {
            await db.Database.MigrateAsync();
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        // 2. Every mapped table has exactly the mapped columns.
        await using (var db = new SandboxDbContext(options))
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
            {
                var table = entity.GetTableName()!;
                var expected = entity.GetProperties().Select(p => p.GetColumnName()).Order(StringComparer.Ordinal).ToList();
                var actual = await ColumnsAsync(connection, columnsQuery, table);
                Assert.True(expected.SequenceEqual(actual),
                    $"Table {table}: model has [{string.Join(", ", expected)}], database has [{string.Join(", ", actual)}].");
            }
        }

        // 3. Values of every kind round-trip (booleans, decimals, instants, JSON, identity columns).
        var now = new DateTimeOffset(2026, 11, 3, 9, 30, 15, 123, TimeSpan.Zero);
        await using (var db = new SandboxDbContext(options))
        {
            db.Sessions.Add(Session.Create("abcdefghijklmnop", "m-1", "python", new SessionSize("small", 1.5m, 2.25m, 0),
                [new SessionDataset("shops", "2", "sandbox-data/shops:2")], "secret", "key-1", "hash", now));
            db.MemberTiers.Add(new MemberTierPeriod { MemberId = "m-1", Tier = Tiers.Member, From = now });
            db.MemberTiers.Add(new MemberTierPeriod { MemberId = "m-1", Tier = Tiers.NonMember, From = now.AddDays(1) });
            await db.SaveChangesAsync();
        }

        await using (var db = new SandboxDbContext(options))
        {
            var session = await db.Sessions.SingleAsync(s => s.CreatedAt == now && !s.StopRequested);
            Assert.Equal(1.5m, session.Cpu);
            Assert.Equal(2.25m, session.MemoryGiB);
            Assert.Equal(now, session.CreatedAt);
            Assert.Equal(SessionState.Pending, session.State);
            Assert.Equal("shops", Assert.Single(session.Datasets).Name);
            var tiers = await db.MemberTiers.OrderBy(t => t.From).ToListAsync();
            Assert.Equal(2, tiers.Count);
            Assert.True(tiers[1].Id > tiers[0].Id);
        }
    }

    private static async Task<List<string>> ColumnsAsync(DbConnection connection, string query, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = query;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "table";
        parameter.Value = table;
        command.Parameters.Add(parameter);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }

        return columns.Order(StringComparer.Ordinal).ToList();
    }
}
