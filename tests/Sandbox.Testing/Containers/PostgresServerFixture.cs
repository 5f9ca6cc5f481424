using System.Diagnostics;
using Npgsql;
using Testcontainers.PostgreSql;
using Xunit;

namespace Sandbox.Testing.Containers;

/// <summary>
/// A throwaway PostgreSQL 15 server for one test class (<c>IClassFixture&lt;PostgresServerFixture&gt;</c>), or one
/// collection: a container of <see cref="Image"/> (Debian's postgresql-15, built by deploy/local/ensure-test-images.sh)
/// started through Testcontainers before the class's first test and removed after its last. Tests that need a database
/// of their own take one with <see cref="ConnectionStringFor"/>: one server, a database per test.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    /// <summary>The image, built here from Debian's packages (tests/images/postgres).</summary>
    public const string Image = "sandbox-test/postgres:15";

    private const string User = "sandbox";
    private const string Password = "sandbox-test";

    private PostgreSqlContainer? _container;

    /// <summary>The superuser's connection string to the server's <c>postgres</c> database.</summary>
    /// <remarks>
    /// Opening a connection waits up to 60 s instead of Npgsql's 15: at load 75 on two cores, a new connection through the
    /// engine's port proxy with SCRAM authentication took longer, and orchestrators under test answered 503 store.unavailable.
    /// </remarks>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(
        _container?.GetConnectionString() ?? throw new InvalidOperationException("The PostgreSQL container has not started.")) { Timeout = 60 }.ConnectionString;

    /// <summary>How long the container took from create to accepting connections (reported by the fixtures' own tests).</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>
    /// The connection string to <paramref name="database"/> on this server, as the same superuser (EF's migrations create
    /// the database when it does not exist yet).
    /// </summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    /// <summary>Creates an empty database named <paramref name="prefix"/> and 12 random hex digits, and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var database = NewDatabaseName(prefix);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    /// <summary>A database name not used before on this server: <paramref name="prefix"/> and 12 random hex digits.</summary>
    public static string NewDatabaseName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await TestcontainersOnThisEngine.EnsureAppliedAsync();
        await TestcontainersOnThisEngine.RequireImageAsync(Image);
        var started = Stopwatch.StartNew();
        _container = new PostgreSqlBuilder(Image)
            .WithUsername(User)
            .WithPassword(Password)
            .WithDatabase("postgres")
            // Several orchestrator replicas share one server in the replica tests, each with Npgsql's pool of up to 100
            // connections: the default 100 was exhausted (a launch got 500 at load 40), so the server takes more.
            .WithCommand("-c", "max_connections=400")
            .WithLabel(TestContainerLabels.For("postgres"))
            .Build();
        await _container.StartAsync();
        StartTime = started.Elapsed;
    }

    /// <summary>Stops the server (as a store that went down): connections to it are refused until the container is removed.</summary>
    public Task StopAsync() =>
        (_container ?? throw new InvalidOperationException("The PostgreSQL container has not started.")).StopAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
