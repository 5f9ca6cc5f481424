using Npgsql;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Replicas;

/// <summary>
/// Several orchestrator processes as replicas of one installation: one PostgreSQL database made for the test (dropped
/// after), the one Docker engine, and what replicas share in production: the data folder (shared storage: keys, staged
/// uploads, layouts) and the container labels, names and networks. Each replica has its own port and log.
/// </summary>
internal sealed class OrchestratorReplicas : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _database;

    private OrchestratorReplicas(string server, string database, IReadOnlyList<OrchestratorProcess> all)
    {
        _server = server;
        _database = database;
        All = all;
    }

    /// <summary>The replicas, not started.</summary>
    public IReadOnlyList<OrchestratorProcess> All { get; }

    /// <summary>The store's connection string.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;

    /// <summary>Makes an empty database and <paramref name="count"/> replicas on it, with <paramref name="settings"/> on top.</summary>
    public static async Task<OrchestratorReplicas> CreateAsync(int count, IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = Environment.GetEnvironmentVariable("SANDBOX_TEST_POSTGRES");
        Assert.False(string.IsNullOrEmpty(server), "SANDBOX_TEST_POSTGRES is not set: run the suite with ./sandbox test, which starts PostgreSQL.");
        var database = "sandbox_replicas_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var store = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["Sandbox__Store__Provider"] = "postgres",
            ["Sandbox__Store__ConnectionString"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString,
        };
        var first = new OrchestratorProcess(store);
        var shared = new Dictionary<string, string>(store);
        foreach (var key in (string[])["Sandbox__DataDir", "Sandbox__Docker__LabelPrefix", "Sandbox__Docker__ContainerNamePrefix",
                     "Sandbox__Docker__DataContainerNamePrefix", "Sandbox__Docker__NetworkName", "Sandbox__Datasets__ImageRepository"])
        {
            shared[key] = first.Setting(key)!;
        }

        var all = new List<OrchestratorProcess> { first };
        all.AddRange(Enumerable.Range(1, count - 1).Select(_ => new OrchestratorProcess(shared)));
        return new OrchestratorReplicas(server!, database, all);
    }

    /// <summary>Runs a query that returns one number on the store.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The holder and epoch of a session's lease, or null when it has none.</summary>
    public async Task<(string Holder, long Epoch)?> LeaseOfAsync(string sessionId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"Holder\", \"Epoch\" FROM session_leases WHERE \"SessionId\" = @id", connection);
        command.Parameters.AddWithValue("id", sessionId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetInt64(1)) : null;
    }

    public async ValueTask DisposeAsync()
    {
        // Every replica is gone before any clean-up of the engine starts (they share its networks and containers); the
        // first replica owns the shared data folder: it goes last.
        foreach (var replica in All)
        {
            await replica.KillAsync();
        }

        foreach (var replica in All.Reverse())
        {
            await replica.DisposeAsync();
        }

        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
