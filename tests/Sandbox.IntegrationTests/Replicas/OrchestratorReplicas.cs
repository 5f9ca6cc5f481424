using Npgsql;
using Sandbox.Testing;
using Sandbox.Testing.Containers;

namespace Sandbox.IntegrationTests.Replicas;

/// <summary>
/// Several orchestrator processes as replicas of one installation: a throwaway PostgreSQL server of their own
/// (<see cref="PostgresServerFixture"/>), the key ring in it encrypted with a certificate made here, the one Docker engine,
/// and what replicas share in production: the data folder (shared storage: staged uploads, layouts) and the container
/// labels, names and networks. Each replica has its own port and log.
/// </summary>
internal sealed class OrchestratorReplicas : IAsyncDisposable
{
    private readonly PostgresServerFixture _postgres;
    private readonly string _database;
    private readonly string _certificateDir;

    private OrchestratorReplicas(PostgresServerFixture postgres, string database, string certificateDir, IReadOnlyList<OrchestratorProcess> all)
    {
        _postgres = postgres;
        _database = database;
        _certificateDir = certificateDir;
        All = all;
    }

    /// <summary>The replicas, not started.</summary>
    public IReadOnlyList<OrchestratorProcess> All { get; }

    /// <summary>The store's connection string.</summary>
    public string ConnectionString => _postgres.ConnectionStringFor(_database);

    /// <summary>Makes an empty database and <paramref name="count"/> replicas on it, with <paramref name="settings"/> on top.</summary>
    public static async Task<OrchestratorReplicas> CreateAsync(int count, IReadOnlyDictionary<string, string>? settings = null)
    {
        var postgres = new PostgresServerFixture();
        await postgres.InitializeAsync();
        var database = await postgres.CreateDatabaseAsync("sandbox_replicas_");

        // With PostgreSQL the key ring is in the store and needs its certificate (the orchestrator refuses to start without).
        var certificateDir = Directory.CreateTempSubdirectory("sandbox-replicas-ring-").FullName;
        var certificate = Path.Combine(certificateDir, "key-ring.pfx");
        KeyRingCertificateFile.Write(certificate, "ring-password");
        var store = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["Sandbox__Store__Provider"] = "postgres",
            ["Sandbox__Store__ConnectionString"] = postgres.ConnectionStringFor(database),
            ["Sandbox__KeyRing__CertificatePath"] = certificate,
            ["Sandbox__KeyRing__CertificatePassword"] = "ring-password",
        };
        var first = new OrchestratorProcess(store);
        var shared = new Dictionary<string, string>(store);
        foreach (var (key, value) in first.InstallationSettings)
        {
            shared[key] = value;
        }

        var all = new List<OrchestratorProcess> { first };
        all.AddRange(Enumerable.Range(1, count - 1).Select(_ => new OrchestratorProcess(shared)));
        return new OrchestratorReplicas(postgres, database, certificateDir, all);
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

    /// <summary>Stops their PostgreSQL server, as a store that went down.</summary>
    public Task StopStoreServerAsync() => _postgres.StopAsync();

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

        await _postgres.DisposeAsync();
        Directory.Delete(_certificateDir, recursive: true);
    }
}
