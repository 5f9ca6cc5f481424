using Npgsql;
using Sandbox.Testing.Containers;

namespace Sandbox.Testing;

/// <summary>
/// One installation served by <see cref="Replicas"/> orchestrator processes, for benchmarks that compare replica counts:
/// a database of its own on a PostgreSQL server and a Redis prefix of its own on a Redis server that the caller started
/// (so two installations, one per arm of a comparison, share the servers and differ only in their replica count), the
/// key ring in the store encrypted with a certificate made here, and what replicas share in production: the data folder
/// and the engine's labels, names and networks. Each replica has its own port and log.
/// </summary>
public sealed class ReplicatedInstallation : IAsyncDisposable
{
    private const string RingPassword = "ring-password";

    /// <summary>The most store connections one replica opens (Npgsql's <c>Maximum Pool Size</c>).</summary>
    public const int PoolPerReplica = 20;

    /// <summary>How long a replica may take to answer <c>/healthz</c> (a benchmark's machine is busy by design).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly string _certificateDir;

    private ReplicatedInstallation(string connectionString, string certificateDir, IReadOnlyList<OrchestratorProcess> replicas)
    {
        ConnectionString = connectionString;
        _certificateDir = certificateDir;
        Replicas = replicas;
    }

    /// <summary>The replicas, the first one owning the shared data folder.</summary>
    public IReadOnlyList<OrchestratorProcess> Replicas { get; }

    /// <summary>The store's connection string (the installation's own database).</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// Makes <paramref name="count"/> replicas (not started) of a new installation on its own database of
    /// <paramref name="postgres"/> and its own prefix on <paramref name="redis"/>, with <paramref name="settings"/> on top.
    /// </summary>
    public static async Task<ReplicatedInstallation> CreateAsync(
        int count, PostgresServerFixture postgres, RedisServerFixture redis, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(postgres);
        ArgumentNullException.ThrowIfNull(redis);
        var database = await postgres.CreateDatabaseAsync("sandbox_bench_");

        var certificateDir = Directory.CreateTempSubdirectory("sandbox-bench-ring-").FullName;
        var certificate = Path.Combine(certificateDir, "key-ring.pfx");
        KeyRingCertificateFile.Write(certificate, RingPassword);
        // Every replica's pool shares the server's connections (PostgreSQL's default max_connections is 100; Npgsql's pool
        // grows to 100 by default): capped so that two installations of up to four replicas together stay under it.
        var storeConnection = new NpgsqlConnectionStringBuilder(postgres.ConnectionStringFor(database)) { MaxPoolSize = PoolPerReplica }.ConnectionString;
        var common = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["Sandbox__Store__Provider"] = "postgres",
            ["Sandbox__Store__ConnectionString"] = storeConnection,
            ["Sandbox__Redis__Configuration"] = redis.ConnectionString,
            ["Sandbox__Redis__Prefix"] = database,
            ["Sandbox__KeyRing__CertificatePath"] = certificate,
            ["Sandbox__KeyRing__CertificatePassword"] = RingPassword,
        };
        var first = new OrchestratorProcess(common);
        foreach (var (key, value) in first.InstallationSettings)
        {
            common[key] = value;
        }

        var replicas = new List<OrchestratorProcess> { first };
        replicas.AddRange(Enumerable.Range(1, count - 1).Select(_ => new OrchestratorProcess(common)));
        return new ReplicatedInstallation(postgres.ConnectionStringFor(database), certificateDir, replicas);
    }

    /// <summary>
    /// Starts the replicas one after another, the first migrating the empty store (replicas starting together are the
    /// replica tests' business; on a busy 2-core machine three starting at once missed the 60 s start deadline).
    /// </summary>
    public async Task StartAsync()
    {
        foreach (var replica in Replicas)
        {
            await replica.StartAsync(StartTimeout);
        }
    }

    /// <summary>Runs a query that returns one number on the store.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        // Every replica is gone before the engine's clean-up starts (they share its networks and containers); the first
        // replica owns the shared data folder: it goes last.
        foreach (var replica in Replicas)
        {
            await replica.KillAsync();
        }

        foreach (var replica in Replicas.Reverse())
        {
            await replica.DisposeAsync();
        }

        Directory.Delete(_certificateDir, recursive: true);
    }
}
