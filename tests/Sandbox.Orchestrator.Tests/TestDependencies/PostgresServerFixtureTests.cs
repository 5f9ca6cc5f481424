using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;
using Sandbox.Testing.Containers;
using Xunit.Abstractions;

namespace Sandbox.Orchestrator.Tests.TestDependencies;

/// <summary>
/// The tests' throwaway PostgreSQL (<see cref="PostgresServerFixture"/>) is the server the store runs on: Debian's
/// PostgreSQL 15 from the image built here, password logins only, a database per test, the store's migrations and a
/// session round trip on it.
/// </summary>
public sealed class PostgresServerFixtureTests(PostgresServerFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task The_store_round_trips_a_session_on_its_own_database()
    {
        output.WriteLine($"container start (create to ready): {postgres.StartTime.TotalMilliseconds:F0} ms");
        var options = new DbContextOptionsBuilder<SandboxDbContext>()
            .UseNpgsql(postgres.ConnectionStringFor(PostgresServerFixture.NewDatabaseName("sandbox_fixture_")))
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
        var created = new DateTimeOffset(2026, 12, 5, 21, 0, 0, TimeSpan.Zero);
        try
        {
            await using (var db = new SandboxDbContext(options))
            {
                await db.Database.MigrateAsync();
                db.Sessions.Add(Session.Create("fixture000000001", "m-1", "python", new SessionSize("small", 1, 2, 0), [], "token", null, null, created));
                await db.SaveChangesAsync();
            }

            await using (var db = new SandboxDbContext(options))
            {
                var session = await db.Sessions.SingleAsync();
                Assert.Equal(("fixture000000001", "m-1", created), (session.Id, session.OwnerId, session.CreatedAt));
            }
        }
        finally
        {
            await using var db = new SandboxDbContext(options);
            await db.Database.EnsureDeletedAsync();
        }
    }

    [Fact]
    public async Task The_server_is_debians_postgresql_15_and_wants_the_password()
    {
        await using (var connection = new NpgsqlConnection(postgres.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT version()", connection);
            var version = (string)(await command.ExecuteScalarAsync())!;
            Assert.StartsWith("PostgreSQL 15.", version, StringComparison.Ordinal);
            Assert.Contains("Debian", version, StringComparison.Ordinal);

            // Room for several replicas' pools (the server's own default is 100).
            await using var limit = new NpgsqlCommand("SHOW max_connections", connection);
            Assert.Equal("400", (string)(await limit.ExecuteScalarAsync())!);
        }

        var wrong = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Password = "not-the-password" }.ConnectionString;
        await using var refused = new NpgsqlConnection(wrong);
        var error = await Assert.ThrowsAsync<PostgresException>(() => refused.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    [Fact]
    public async Task Processes_the_tests_start_do_not_inherit_the_engine_api_version_testcontainers_was_given()
    {
        using var child = Process.Start(new ProcessStartInfo("/usr/bin/env") { RedirectStandardOutput = true })!;
        var environment = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();

        Assert.DoesNotContain("DOCKER_API_VERSION=", environment, StringComparison.Ordinal);
    }
}
